package io.zstor.it.fault;

import static io.zstor.it.fault.Objects.random;
import static io.zstor.it.fault.Objects.retrieve;
import static io.zstor.it.fault.Objects.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.ObjectUnreadableException;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.RetrieveResult;
import io.zstor.engine.Zstor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Data backends that lie: whatever a hostile zdb answers to GET (garbage, wrong RESP types, absurd lengths,
 * truncated replies, other bytes), the engine returns the right bytes while at most m backends lie, fails
 * with {@link ObjectUnreadableException} beyond that, never returns wrong bytes and never hangs past the
 * command timeout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MaliciousZdbIT {

    static final int BLOCK = 64 << 10;

    @TempDir
    Path dir;

    FaultCluster cluster;
    Zstor zstor;

    @AfterEach
    void tearDown() {
        if (zstor != null) {
            zstor.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MaliciousZdb.Mode.class, names = {"GARBAGE", "WRONG_TYPE", "OVERSIZED", "TRUNCATED", "WRONG_DATA"})
    void upToMLyingBackendsNeverChangeTheBytes(MaliciousZdb.Mode mode) throws Exception {
        cluster = FaultCluster.start(dir, 6, 4, 6, BLOCK);
        MaliciousZdb first = cluster.malicious(1, 1);
        MaliciousZdb second = cluster.malicious(4, 2);
        zstor = cluster.engine();
        // placement is random: with several objects some data pieces surely sit on a liar
        byte[][] data = new byte[4][];
        for (int i = 0; i < data.length; i++) {
            data[i] = random(200_000, 21 + i);
            store(zstor, "obj" + i, data[i]);
        }
        first.mode(mode);
        second.mode(mode);
        long t0 = System.nanoTime();
        int fromParity = 0;
        for (int i = 0; i < data.length; i++) {
            Path out = dir.resolve("out-" + i);
            RetrieveResult r = zstor.retrieve("obj" + i, out, ProgressListener.NONE).block(Objects.LIMIT);
            assertThat(Files.readAllBytes(out)).isEqualTo(data[i]);
            fromParity += r.piecesFromParity();
        }
        assertThat(first.tampered() + second.tampered()).as("the lies were told").isPositive();
        assertThat(fromParity).as("bad pieces are reported as repaired from parity").isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no hang").isLessThan(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @EnumSource(value = MaliciousZdb.Mode.class, names = {"GARBAGE", "WRONG_DATA", "OVERSIZED"})
    void moreThanMLyingBackendsFailClearlyWithoutWrongBytes(MaliciousZdb.Mode mode) {
        cluster = FaultCluster.start(dir, 6, 4, 6, BLOCK);
        MaliciousZdb[] liars = {cluster.malicious(0, 3), cluster.malicious(2, 4), cluster.malicious(5, 5)};
        zstor = cluster.engine();
        byte[] data = random(200_000, 22);
        store(zstor, "obj", data);
        for (MaliciousZdb m : liars) {
            m.mode(mode);
        }
        assertThatThrownBy(() -> retrieve(zstor, "obj"))
                .isInstanceOf(ObjectUnreadableException.class)
                .hasMessageContaining("obj")
                .hasMessageContaining("required pieces");
        // once the backends are honest again the object is intact
        for (MaliciousZdb m : liars) {
            m.mode(MaliciousZdb.Mode.HONEST);
        }
        assertThat(retrieve(zstor, "obj")).isEqualTo(data);
    }

    @Test
    void lyingAboutSetFailsTheStoreClearlyAndLeavesNoMetadata() {
        cluster = FaultCluster.start(dir, 6, 4, 6, BLOCK);
        MaliciousZdb liar = cluster.malicious(3, 6).targets("SET").mode(MaliciousZdb.Mode.WRONG_TYPE);
        zstor = cluster.engine();
        assertThatThrownBy(() -> store(zstor, "obj", random(200_000, 23)))
                .isInstanceOf(io.zstor.engine.ZstorException.class)
                .hasMessageContaining("obj");
        assertThat(liar.tampered()).isPositive();
        assertThat(zstor.check("obj").block(Objects.LIMIT)).isEmpty();
    }
}
