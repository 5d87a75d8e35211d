package io.zstor.transport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.latency.Outcome;
import io.zstor.engine.latency.Stage;
import io.zstor.engine.latency.ZdbOp;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LatencyMetrics latency = new LatencyMetrics(registry);
    final BackendSpec secret = new BackendSpec("10.0.0.9:9900", Optional.of("ns"), Optional.of(Secret.of("hunter2-pass")));

    @Test
    void backendTimersAreTaggedWithoutPasswordAndCreatedOncePerSeries() {
        latency.record(secret, NamespaceMode.SEQUENTIAL, ZdbOp.SET, Outcome.OK, 2_000_000);
        latency.record(secret, NamespaceMode.SEQUENTIAL, ZdbOp.SET, Outcome.OK, 4_000_000);
        latency.record(secret, NamespaceMode.SEQUENTIAL, ZdbOp.SET, Outcome.TIMEOUT, 5_000_000_000L);
        latency.record(secret, NamespaceMode.USER, ZdbOp.GET, Outcome.ERROR, 1_000);
        Timer ok = registry.get("zstor.backend.request")
                .tags("backend", "10.0.0.9:9900 - ns", "role", "data", "op", "set", "outcome", "ok").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        assertThat(registry.get("zstor.backend.request").tags("outcome", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.get("zstor.backend.request").tags("role", "meta", "op", "get", "outcome", "error").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("zstor.backend.request").timers()).hasSize(3);
        assertThat(registry.getMeters().toString()).doesNotContain("hunter2");
    }

    @Test
    void stageTimersPerStageAndOutcome() {
        latency.record(Stage.ENCODE, Outcome.OK, 1_500_000);
        latency.record(Stage.ENCODE, Outcome.OK, 500_000);
        latency.record(Stage.META_LOAD, Outcome.CANCELLED, 10);
        assertThat(registry.get("zstor.stage").tags("stage", "encode", "outcome", "ok").timer().count()).isEqualTo(2);
        assertThat(registry.get("zstor.stage").tags("stage", "meta_load", "outcome", "cancelled").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("zstor.stage").timers()).hasSize(2);
    }
}
