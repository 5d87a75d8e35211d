package io.zstor.engine.background;

import static io.zstor.engine.testing.Payloads.T;
import static io.zstor.engine.testing.Payloads.collect;
import static io.zstor.engine.testing.Payloads.random;
import static io.zstor.engine.testing.Payloads.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.MetadataUnavailableException;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.testing.ConfigEdits;
import io.zstor.engine.testing.TestCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The services running on their own timers, as in the daemon, with short intervals. */
class BackgroundServicesTest {

    final TestCluster cluster = TestCluster.builder().groups(1, 8).shards(4, 6).blockSize(16 << 10).build();
    final ZstorConfig config = ConfigEdits.withTuning(cluster.config(), cluster.config().tuning().withBackground(
            Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200), 1 << 20, Duration.ofHours(1), 2,
            Duration.ofSeconds(60)));
    final Zstor zstor = cluster.engine(config);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final BackgroundServices services = BackgroundServices.start(zstor, meters);

    @AfterEach
    void close() {
        services.close();
        zstor.close();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", T).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void lostDataBackendIsRepairedAwayOnItsOwn() throws Exception {
        Map<String, byte[]> stored = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            byte[] data = random(40_000 + i, i);
            zstor.store("k" + i, stream(data), ProgressListener.NONE).block(T);
            stored.put("k" + i, data);
        }
        BackendSpec lost = zstor.metadata().load("k0").block(T).orElseThrow().backends().get(0);
        cluster.zdb(lost).offline(true);
        await(() -> meters.get("zstor.repair.objects.repaired").counter().count() >= 4);
        for (String key : stored.keySet()) {
            var meta = zstor.metadata().load(key).block(T).orElseThrow();
            assertThat(meta.backends()).doesNotContain(lost);
            // two more backends of the object may now fail
            cluster.zdb(meta.backends().get(1)).offline(true);
            cluster.zdb(meta.backends().get(2)).offline(true);
            assertThat(collect(zstor.retrieve(key, ProgressListener.NONE))).isEqualTo(stored.get(key));
            cluster.zdb(meta.backends().get(1)).offline(false);
            cluster.zdb(meta.backends().get(2)).offline(false);
        }
        assertThat(meters.get("zstor.backend.state").tag("backend", lost.displayName()).gauge().value()).isEqualTo(3);
    }

    @Test
    void storesAreRefusedWhileAMetadataBackendIsDownAndAcceptedWhenItReturns() throws Exception {
        await(() -> services.monitor().reports().stream().allMatch(r -> r.answering()));
        cluster.metaZdbs().get(2).offline(true);
        await(() -> services.monitor().metadataReadOnlyReason().isPresent());
        assertThatThrownBy(() -> zstor.store("x", stream(random(10, 1)), ProgressListener.NONE).block(T))
                .isInstanceOf(MetadataUnavailableException.class);
        cluster.metaZdbs().get(2).offline(false);
        await(() -> services.monitor().metadataReadOnlyReason().isEmpty());
        zstor.store("x", stream(random(10, 1)), ProgressListener.NONE).block(T);
        assertThat(zstor.check("x").block(T)).isPresent();
    }

    @Test
    void closeRemovesEveryMeter() {
        assertThat(meters.getMeters()).isNotEmpty();
        services.close();
        assertThat(meters.getMeters()).isEmpty();
    }
}
