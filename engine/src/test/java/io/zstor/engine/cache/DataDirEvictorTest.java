package io.zstor.engine.cache;

import static io.zstor.engine.testing.Payloads.T;
import static io.zstor.engine.testing.Payloads.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.Zstor;
import io.zstor.engine.testing.ConfigEdits;
import io.zstor.engine.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirEvictorTest {

    static final int FILE = 300 << 10;

    @TempDir
    Path dir;

    final TestCluster cluster = TestCluster.builder().blockSize(64 << 10).build();
    Zstor zstor;

    @AfterEach
    void close() {
        if (zstor != null) {
            zstor.close();
        }
    }

    Path file(String name, long seed, int minutesAgo) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, random(FILE, seed));
        FileTime t = FileTime.from(Instant.now().minus(Duration.ofMinutes(minutesAgo)));
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(t, t, null);
        return p;
    }

    void store(Path p) {
        zstor.store(p, StoreOptions.DEFAULTS, ProgressListener.NONE).block(T);
    }

    @Test
    void deletesOnlyVerifiedFilesLeastRecentlyAccessedFirstUntilWithinTheLimit() throws Exception {
        zstor = cluster.engine(ConfigEdits.withDataDir(cluster.config(), dir, 1));
        Path a = file("a", 1, 50);
        Path b = file("b", 2, 40);
        Path c = file("c", 3, 30);
        Path d = file("d", 4, 20);
        Path e = file("e", 5, 10);
        store(a);
        store(b);
        store(d);
        store(e);
        // b changed after it was stored: its stored object no longer matches the local content
        byte[] changed = Files.readAllBytes(b);
        changed[7] ^= 1;
        Files.write(b, changed);
        FileTime t = FileTime.from(Instant.now().minus(Duration.ofMinutes(40)));
        Files.getFileAttributeView(b, BasicFileAttributeView.class).setTimes(null, t, null);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EvictionReport report = new DataDirEvictor(zstor, meters).evictNow().block(T);

        assertThat(meters.get("zstor.cache.evicted.files").counter().count()).isEqualTo(2);
        assertThat(meters.get("zstor.cache.evicted.bytes").counter().count()).isEqualTo(2.0 * FILE);
        assertThat(meters.get("zstor.cache.dir.bytes").gauge().value()).isEqualTo(3.0 * FILE);
        assertThat(report.enabled()).isTrue();
        assertThat(report.bytesBefore()).isEqualTo(5L * FILE);
        assertThat(report.limitBytes()).isEqualTo(1 << 20);
        assertThat(report.deleted()).isEqualTo(2);
        assertThat(report.kept()).isEqualTo(2);
        assertThat(report.bytesAfter()).isEqualTo(3L * FILE);
        assertThat(report.withinLimit()).isTrue();
        assertThat(a).doesNotExist();
        assertThat(b).exists();
        assertThat(c).exists();
        assertThat(d).doesNotExist();
        assertThat(e).exists();
    }

    @Test
    void unverifiableFilesAreKeptEvenAboveTheLimit() throws Exception {
        zstor = cluster.engine(ConfigEdits.withDataDir(cluster.config(), dir, 0));
        Path a = file("a", 1, 5);
        Path b = file("b", 2, 4);
        store(b);
        // b's stored object is for other content of the same size
        Files.write(b, random(FILE, 77));
        EvictionReport report = new DataDirEvictor(zstor).evictNow().block(T);
        assertThat(report.deleted()).isZero();
        assertThat(report.kept()).isEqualTo(2);
        assertThat(report.withinLimit()).isFalse();
        assertThat(a).exists();
        assertThat(b).exists();
    }

    @Test
    void nothingHappensBelowTheLimitOrWithoutTheSettings() throws Exception {
        zstor = cluster.engine(ConfigEdits.withDataDir(cluster.config(), dir, 10));
        Path a = file("a", 1, 5);
        store(a);
        EvictionReport report = new DataDirEvictor(zstor).evictNow().block(T);
        assertThat(report.deleted()).isZero();
        assertThat(report.bytesAfter()).isEqualTo(FILE);
        assertThat(a).exists();
        zstor.close();
        zstor = cluster.engine();
        assertThat(new DataDirEvictor(zstor).evictNow().block(T).enabled()).isFalse();
        assertThat(a).exists();
    }

    @Test
    void periodicRoundsEvict() throws Exception {
        zstor = cluster.engine(ConfigEdits.withTuning(ConfigEdits.withDataDir(cluster.config(), dir, 0),
                cluster.config().tuning().withBackground(Duration.ofMinutes(10), Duration.ofSeconds(3),
                        Duration.ofMinutes(5), 1 << 20, Duration.ofHours(24), 2, Duration.ofMillis(20))));
        Path a = file("a", 1, 5);
        store(a);
        try (DataDirEvictor evictor = new DataDirEvictor(zstor).start()) {
            long deadline = System.nanoTime() + T.toNanos();
            while (Files.exists(a)) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
