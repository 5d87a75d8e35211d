package io.zstor.engine.repair;

import static io.zstor.engine.testing.Payloads.T;
import static io.zstor.engine.testing.Payloads.collect;
import static io.zstor.engine.testing.Payloads.random;
import static io.zstor.engine.testing.Payloads.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.health.BackendMonitor;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.meta.PieceRef;
import io.zstor.engine.placement.BackendState;
import io.zstor.engine.testing.ConfigEdits;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.MutableClock;
import io.zstor.engine.testing.TestCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RepairServiceTest {

    static final int BLOCK = 16 << 10;
    static final Duration GRACE = Duration.ofMinutes(5);

    final TestCluster cluster = TestCluster.builder().groups(1, 8).shards(4, 6).blockSize(BLOCK).build();
    final ZstorConfig config = ConfigEdits.withTuning(cluster.config(), cluster.config().tuning().withBackground(
            Duration.ofMillis(50), Duration.ofSeconds(3), GRACE, 1 << 20, Duration.ofHours(24), 1,
            Duration.ofSeconds(60)));
    final Zstor zstor = cluster.engine(config);
    final MutableClock clock = new MutableClock();
    final BackendMonitor monitor = new BackendMonitor(zstor.namespaces(), config, clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RepairService repair = new RepairService(zstor, meters, clock);

    RepairServiceTest() {
        zstor.useHealth(() -> monitor);
        zstor.metadataReadOnlyWhen(monitor::metadataReadOnlyReason);
    }

    @AfterEach
    void close() {
        repair.close();
        monitor.close();
        zstor.close();
    }

    Map<String, byte[]> storeObjects(int count, int size) {
        Map<String, byte[]> stored = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = random(size + i * 777, i);
            zstor.store("obj-" + i, stream(data), ProgressListener.NONE).block(T);
            stored.put("obj-" + i, data);
        }
        return stored;
    }

    ObjectMeta meta(String key) {
        return zstor.metadata().load(key).block(T).orElseThrow();
    }

    void declareUnreachable(BackendSpec b) {
        cluster.zdb(b).offline(true);
        monitor.checkNow().block(T);
        clock.advance(GRACE);
        monitor.checkNow().block(T);
        assertThat(monitor.state(b)).isEqualTo(BackendState.UNREACHABLE);
    }

    /** Every piece of every block is present on its backend with a valid checksum. */
    void assertFullyRedundant(ObjectMeta meta) {
        for (var block : meta.blocks()) {
            for (int i = 0; i < meta.totalShards(); i++) {
                PieceRef ref = block.pieces().get(i);
                InMemoryZdb zdb = cluster.zdb(meta.backends().get(i));
                ByteBuffer piece = zstor.namespaces().open(meta.backends().get(i),
                        io.zstor.engine.backend.NamespaceMode.SEQUENTIAL).flatMap(ns -> ns.get(ref.key())).block(T);
                assertThat(piece).as("piece %d of %s on %s", i, meta.key(), zdb.spec()).isNotNull();
                assertThat(PieceChecksum.fromLong(ref.checksum()).matches(piece)).isTrue();
            }
        }
    }

    byte[] read(String key) {
        return collect(zstor.retrieve(key, ProgressListener.NONE));
    }

    @Test
    void repairRestoresFullRedundancyAfterADataBackendIsLost() {
        Map<String, byte[]> stored = storeObjects(3, 3 * BLOCK + 100);
        BackendSpec lost = cluster.dataBackends().get(1);
        assertThat(meta("obj-0").backends()).contains(lost);
        declareUnreachable(lost);

        RepairReport report = repair.repairNow().block(T);

        assertThat(report.checked()).isEqualTo(3);
        assertThat(report.needingRepair()).isEqualTo(3);
        assertThat(report.repaired()).isEqualTo(3);
        assertThat(report.failed()).isZero();
        assertThat(report.piecesRewritten()).isEqualTo(4 + 4 + 4);
        for (String key : stored.keySet()) {
            ObjectMeta m = meta(key);
            assertThat(m.backends()).doesNotContain(lost).doesNotHaveDuplicates();
            assertThat(m.dataShards()).isEqualTo(4);
            assertThat(m.parityShards()).isEqualTo(2);
            assertFullyRedundant(m);
        }
        // full redundancy again: with the lost backend still offline, two more may fail
        List<BackendSpec> others = new ArrayList<>(meta("obj-0").backends());
        cluster.zdb(others.get(0)).offline(true);
        cluster.zdb(others.get(3)).offline(true);
        stored.forEach((key, data) -> assertThat(read(key)).isEqualTo(data));

        assertThat(meters.get("zstor.repair.objects.checked").counter().count()).isEqualTo(3);
        assertThat(meters.get("zstor.repair.objects.repaired").counter().count()).isEqualTo(3);
        assertThat(meters.get("zstor.repair.pieces.rewritten").counter().count()).isEqualTo(12);
        assertThat(meters.get("zstor.repair.queue.length").gauge().value()).isZero();
        assertThat(meters.get("zstor.repair.sweeps").tag("kind", "repair").counter().count()).isEqualTo(1);

        // a second sweep finds nothing to do
        RepairReport again = repair.repairNow().block(T);
        assertThat(again.needingRepair()).isZero();
        assertThat(again.checked()).isEqualTo(3);
    }

    @Test
    void backendFailingWithinGraceIsNotRepairedYet() {
        storeObjects(1, 1000);
        BackendSpec b = cluster.dataBackends().get(0);
        cluster.zdb(b).offline(true);
        monitor.checkNow().block(T);
        assertThat(repair.repairNow().block(T).needingRepair()).isZero();
    }

    @Test
    void scrubDetectsAndRepairsACorruptPieceAndAMissingOne() {
        Map<String, byte[]> stored = storeObjects(2, 2 * BLOCK);
        ObjectMeta before = meta("obj-1");
        PieceRef corrupt = before.blocks().get(1).pieces().get(2);
        PieceRef missing = before.blocks().get(0).pieces().get(5);
        assertThat(cluster.zdb(before.backends().get(2)).corrupt(corrupt.key())).isTrue();
        assertThat(cluster.zdb(before.backends().get(5)).drop(missing.key())).isTrue();

        // the quick sweep only looks at placement
        assertThat(repair.repairNow().block(T).needingRepair()).isZero();

        RepairReport scrub = repair.scrubNow().block(T);
        assertThat(scrub.scrub()).isTrue();
        assertThat(scrub.checked()).isEqualTo(2);
        assertThat(scrub.needingRepair()).isEqualTo(1);
        assertThat(scrub.repaired()).isEqualTo(1);
        assertThat(scrub.piecesRewritten()).isEqualTo(2);
        assertThat(scrub.repairedKeys()).containsExactly("obj-1");
        assertThat(meters.get("zstor.repair.pieces.corrupt").counter().count()).isEqualTo(1);

        ObjectMeta after = meta("obj-1");
        assertThat(after.blocks().get(1).pieces().get(2)).isNotEqualTo(corrupt);
        assertThat(after.blocks().get(0).pieces().get(5)).isNotEqualTo(missing);
        assertThat(after.blocks().get(0).pieces().get(0)).isEqualTo(before.blocks().get(0).pieces().get(0));
        assertFullyRedundant(after);
        assertFullyRedundant(meta("obj-0"));
        assertThat(repair.scrubNow().block(T).needingRepair()).isZero();
        stored.forEach((key, data) -> assertThat(read(key)).isEqualTo(data));
    }

    @Test
    void leastRedundantObjectsAreRepairedFirst() {
        storeObjects(6, BLOCK / 2);
        // margin 0: two pieces lost; margin 1: one piece lost; obj-5 stays healthy
        Map<String, Integer> lostPieces = Map.of("obj-0", 1, "obj-1", 2, "obj-2", 1, "obj-3", 2, "obj-4", 1);
        lostPieces.forEach((key, count) -> {
            ObjectMeta m = meta(key);
            for (int i = 0; i < count; i++) {
                assertThat(cluster.zdb(m.backends().get(i)).drop(m.blocks().get(0).pieces().get(i).key())).isTrue();
            }
        });
        RepairReport report = repair.scrubNow().block(T);
        List<String> expected = lostPieces.keySet().stream()
                .sorted(Comparator.comparing((String k) -> -lostPieces.get(k)).thenComparing(k -> k))
                .toList();
        assertThat(report.repairedKeys()).containsExactlyElementsOf(expected);
        assertThat(report.repaired()).isEqualTo(5);
        assertThat(report.piecesRewritten()).isEqualTo(2 + 2 + 1 + 1 + 1);
    }

    @Test
    void piecesOnARemovedBackendAreMovedWhileItIsStillOnline() {
        Map<String, byte[]> stored = storeObjects(2, BLOCK + 1);
        BackendSpec removed = cluster.dataBackends().get(0);
        List<BackendSpec> rest = cluster.dataBackends().subList(1, 8);
        zstor.swap(ConfigEdits.withGroups(config, List.of(new GroupConfig(rest))), zstor.metadata());
        RepairReport report = repair.repairNow().block(T);
        assertThat(report.repaired()).isEqualTo(2);
        for (String key : stored.keySet()) {
            assertThat(meta(key).backends()).doesNotContain(removed);
            assertFullyRedundant(meta(key));
        }
        // superseded pieces were deleted from the removed backend
        assertThat(cluster.zdb(removed).entryCount()).isZero();
    }

    @Test
    void repairNeverLowersRedundancyWhenTheConfigHasLessParity() {
        storeObjects(1, 2 * BLOCK);
        BackendSpec lost = cluster.dataBackends().get(2);
        ZstorConfig lessParity = new ZstorConfig(4, 5, 0, 0, config.root(), config.socket(), config.pidFile(),
                config.zdbDataDirPath(), config.maxZdbDataDirSizeMib(), config.zdbfsMountpoint(),
                config.prometheusPort(), config.encryption(), config.compression(), config.meta(), config.groups(),
                config.tuning());
        zstor.swap(lessParity, zstor.metadata());
        declareUnreachable(lost);
        RepairReport report = repair.repairNow().block(T);
        assertThat(report.repaired()).isEqualTo(1);
        ObjectMeta m = meta("obj-0");
        assertThat(m.dataShards()).isEqualTo(4);
        assertThat(m.parityShards()).isEqualTo(2);
        assertThat(m.backends()).hasSize(6).doesNotContain(lost);
        assertFullyRedundant(m);
    }

    @Test
    void unrecoverableObjectsAreCountedAsFailedAndDoNotStopTheSweep() {
        storeObjects(2, BLOCK);
        ObjectMeta m = meta("obj-0");
        for (int i = 0; i < 3; i++) {
            cluster.zdb(m.backends().get(i)).drop(m.blocks().get(0).pieces().get(i).key());
        }
        ObjectMeta other = meta("obj-1");
        cluster.zdb(other.backends().get(0)).drop(other.blocks().get(0).pieces().get(0).key());
        RepairReport report = repair.scrubNow().block(T);
        assertThat(report.needingRepair()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.repaired()).isEqualTo(1);
        assertThat(report.repairedKeys()).first().isEqualTo("obj-0");
        assertThat(meters.get("zstor.repair.objects.failed").counter().count()).isEqualTo(1);
        assertThat(meta("obj-0")).isEqualTo(m);
    }

    @Test
    void periodicSweepsRepairWithoutBeingAsked() throws Exception {
        storeObjects(2, BLOCK);
        declareUnreachable(cluster.dataBackends().get(0));
        repair.start();
        long deadline = System.nanoTime() + T.toNanos();
        while (meters.get("zstor.repair.objects.repaired").counter().count() < 2) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        repair.stop();
        assertThat(meta("obj-0").backends()).doesNotContain(cluster.dataBackends().get(0));
        assertThat(meta("obj-1").backends()).doesNotContain(cluster.dataBackends().get(0));
    }

    @Test
    void closeRemovesTheMetrics() {
        repair.close();
        assertThat(meters.find("zstor.repair.objects.checked").counter()).isNull();
        assertThat(meters.find("zstor.repair.queue.length").gauge()).isNull();
        assertThat(repair.repairNow().block(T)).isNull();
    }
}
