package io.zstor.engine.health;

import static io.zstor.engine.testing.Payloads.T;
import static io.zstor.engine.testing.Payloads.random;
import static io.zstor.engine.testing.Payloads.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.MetadataUnavailableException;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreFailedException;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.placement.BackendState;
import io.zstor.engine.testing.ConfigEdits;
import io.zstor.engine.testing.MutableClock;
import io.zstor.engine.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendMonitorTest {

    static final Duration GRACE = Duration.ofMinutes(5);

    final TestCluster cluster = TestCluster.builder().groups(1, 7).shards(4, 6).blockSize(16 << 10).build();
    final Zstor zstor = cluster.engine(ConfigEdits.withTuning(cluster.config(), cluster.config().tuning().withBackground(
            Duration.ofMinutes(10), Duration.ofMillis(20), GRACE, 1 << 20, Duration.ofHours(24), 2,
            Duration.ofSeconds(60))));
    final MutableClock clock = new MutableClock();
    final BackendMonitor monitor = new BackendMonitor(zstor.namespaces(), zstor.config(), clock);

    @AfterEach
    void close() {
        monitor.close();
        zstor.close();
    }

    @Test
    void everyBackendStartsUnknownAndBecomesHealthy() {
        List<BackendSpec> data = cluster.dataBackends();
        assertThat(monitor.state(data.get(0))).isEqualTo(BackendState.UNKNOWN);
        monitor.checkNow().block(T);
        assertThat(monitor.reports()).hasSize(4 + 7).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(BackendState.HEALTHY);
            assertThat(r.answering()).isTrue();
        });
        assertThat(monitor.freeBytes(data.get(0))).isEqualTo(1L << 40);
    }

    @Test
    void offlineBackendIsUnknownDuringGraceThenUnreachableThenHealthyAgain() {
        BackendSpec b = cluster.dataBackends().get(2);
        monitor.checkNow().block(T);
        cluster.zdb(b).offline(true);
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.UNKNOWN);
        clock.advance(GRACE.minusSeconds(1));
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.UNKNOWN);
        clock.advance(Duration.ofSeconds(1));
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.UNREACHABLE);
        assertThat(monitor.state(b).writable()).isFalse();
        assertThat(monitor.reports().stream().filter(r -> r.backend().equals(b)).findFirst().orElseThrow().error())
                .hasValueSatisfying(m -> assertThat(m).contains("connection refused"));
        cluster.zdb(b).offline(false);
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.HEALTHY);
    }

    @Test
    void failureAfterRecoveryRestartsTheGracePeriod() {
        BackendSpec b = cluster.dataBackends().get(0);
        cluster.zdb(b).offline(true);
        monitor.checkNow().block(T);
        clock.advance(GRACE.minusSeconds(10));
        cluster.zdb(b).offline(false);
        monitor.checkNow().block(T);
        cluster.zdb(b).offline(true);
        clock.advance(Duration.ofSeconds(20));
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.UNKNOWN);
    }

    @Test
    void fullBackendIsAvoidedByPlacementAndHealthyAgainWhenSpaceReturns() {
        BackendSpec b = cluster.dataBackends().get(0);
        cluster.zdb(b).full(true);
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.FULL);
        assertThat(monitor.freeBytes(b)).isZero();
        zstor.useHealth(() -> monitor);
        // the first-fit placement would pick backend 0 first; the monitor steers it away
        zstor.store("obj", stream(random(40_000, 1)), ProgressListener.NONE).block(T);
        assertThat(zstor.metadata().load("obj").block(T).orElseThrow().backends()).doesNotContain(b);
        cluster.zdb(b).full(false);
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.HEALTHY);
    }

    @Test
    void unreachableBackendsAreNeverPlacedAndTooFewFailTheStore() {
        zstor.useHealth(() -> monitor);
        List<BackendSpec> data = cluster.dataBackends();
        cluster.zdb(data.get(0)).offline(true);
        monitor.checkNow().block(T);
        clock.advance(GRACE);
        monitor.checkNow().block(T);
        zstor.store("ok", stream(random(1000, 2)), ProgressListener.NONE).block(T);
        assertThat(zstor.metadata().load("ok").block(T).orElseThrow().backends())
                .doesNotContain(data.get(0));
        cluster.zdb(data.get(1)).offline(true);
        monitor.checkNow().block(T);
        clock.advance(GRACE);
        monitor.checkNow().block(T);
        assertThatThrownBy(() -> zstor.store("no", stream(random(1000, 3)), ProgressListener.NONE).block(T))
                .isInstanceOf(StoreFailedException.class);
    }

    @Test
    void metadataIsReadOnlyWhileAMetadataBackendIsDownAndWritableWhenItReturns() {
        zstor.metadataReadOnlyWhen(monitor::metadataReadOnlyReason);
        monitor.checkNow().block(T);
        zstor.store("before", stream(random(1000, 4)), ProgressListener.NONE).block(T);
        cluster.metaZdbs().get(1).offline(true);
        monitor.checkNow().block(T);
        assertThat(monitor.reachableMetadataBackends()).isEqualTo(3);
        assertThat(monitor.metadataReadOnlyReason()).hasValueSatisfying(r -> assertThat(r).contains("3 of 4"));
        // the backend answers again, but until the monitor sees it the store stays read-only
        cluster.metaZdbs().get(1).offline(false);
        assertThatThrownBy(() -> zstor.store("during", stream(random(1000, 5)), ProgressListener.NONE).block(T))
                .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> zstor.delete("before").block(T)).isInstanceOf(MetadataUnavailableException.class);
        // reads still work
        assertThat(zstor.check("before").block(T)).isPresent();
        monitor.checkNow().block(T);
        assertThat(monitor.metadataReadOnlyReason()).isEmpty();
        zstor.store("after", stream(random(1000, 6)), ProgressListener.NONE).block(T);
        assertThat(zstor.check("after").block(T)).isPresent();
    }

    @Test
    void periodicLoopPicksUpChangesAndGaugesFollow() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BackendMonitor live = BackendMonitor.attach(zstor).bindTo(meters);
        try {
            live.start();
            BackendSpec b = cluster.dataBackends().get(3);
            awaitState(live, b, BackendState.HEALTHY);
            cluster.zdb(b).full(true);
            awaitState(live, b, BackendState.FULL);
            assertThat(meters.get("zstor.backend.state").tag("backend", b.displayName()).tag("role", "data").gauge()
                    .value()).isEqualTo(BackendState.FULL.ordinal());
            assertThat(meters.get("zstor.metadata.reachable.backends").gauge().value()).isEqualTo(4);
            assertThat(meters.getMeters().toString()).doesNotContain("pw0");
        } finally {
            live.close();
        }
        assertThat(meters.find("zstor.backend.state").gauges()).isEmpty();
    }

    @Test
    void reconfigureForgetsRemovedBackendsAndWatchesNewOnes() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        monitor.bindTo(meters);
        List<BackendSpec> data = cluster.dataBackends();
        var smaller = cluster.withShards(4, 6, data.subList(0, 6));
        monitor.reconfigure(smaller);
        monitor.checkNow().block(T);
        assertThat(monitor.reports()).hasSize(4 + 6);
        assertThat(monitor.state(data.get(6))).isEqualTo(BackendState.UNKNOWN);
        assertThat(meters.find("zstor.backend.state").gauges()).hasSize(10);
    }

    @Test
    void roundListenersSeeEveryRoundWithTheLastNsinfoKeptWhileFailing() {
        List<List<BackendReport>> rounds = new java.util.concurrent.CopyOnWriteArrayList<>();
        monitor.onRound(rounds::add);
        monitor.onRound(r -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        BackendSpec b = cluster.dataBackends().get(1);
        assertThat(monitor.reports()).allMatch(r -> r.info().isEmpty());
        zstor.store("obj", stream(random(40_000, 2)), ProgressListener.NONE).block(T);
        monitor.checkNow().block(T);
        assertThat(rounds).hasSize(1);
        BackendReport first = rounds.get(0).stream().filter(r -> r.backend().equals(b)).findFirst().orElseThrow();
        assertThat(first.answering()).isTrue();
        assertThat(first.info()).hasValueSatisfying(i -> assertThat(i.entries()).isEqualTo(cluster.zdb(b).entryCount()));
        assertThat(rounds.get(0)).hasSize(4 + 7).allMatch(r -> r.info().isPresent());

        cluster.zdb(b).offline(true);
        monitor.checkNow().block(T);
        assertThat(rounds).hasSize(2);
        BackendReport failing = rounds.get(1).stream().filter(r -> r.backend().equals(b)).findFirst().orElseThrow();
        assertThat(failing.answering()).isFalse();
        assertThat(failing.failingSince()).isPresent();
        assertThat(failing.info()).isEqualTo(first.info());
    }

    static void awaitState(BackendMonitor m, BackendSpec b, BackendState want) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (m.state(b) != want) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

}
