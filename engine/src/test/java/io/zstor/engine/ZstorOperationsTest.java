package io.zstor.engine;

import static io.zstor.engine.ZstorRoundTripTest.T;
import static io.zstor.engine.ZstorRoundTripTest.chunked;
import static io.zstor.engine.ZstorRoundTripTest.collect;
import static io.zstor.engine.ZstorRoundTripTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.placement.BackendHealth;
import io.zstor.engine.placement.BackendState;
import io.zstor.engine.placement.GroupSpreadPlacement;
import io.zstor.engine.meta.FailureRecord;
import io.zstor.engine.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

class ZstorOperationsTest {

    static final int BLOCK = 16 << 10;

    @TempDir
    Path dir;

    final List<Zstor> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Zstor::close);
    }

    Zstor engine(TestCluster c) {
        Zstor z = c.engine();
        engines.add(z);
        return z;
    }

    @Test
    void deleteRemovesMetadataAndPieces() {
        TestCluster c = TestCluster.builder().groups(1, 4).shards(2, 4).blockSize(BLOCK).build();
        Zstor zstor = engine(c);
        zstor.store("a", chunked(random(3 * BLOCK, 1), 5000), ProgressListener.NONE).block(T);
        zstor.store("b", chunked(random(BLOCK, 2), 5000), ProgressListener.NONE).block(T);
        assertThat(c.zdb(c.dataBackends().get(0)).entryCount()).isEqualTo(4);
        assertThat(zstor.delete("a").block(T)).isTrue();
        assertThat(zstor.delete("a").block(T)).isFalse();
        assertThat(zstor.check("a").block(T)).isEmpty();
        for (BackendSpec s : c.dataBackends()) {
            assertThat(c.zdb(s).entryCount()).isEqualTo(1);
        }
        assertThat(zstor.check("b").block(T)).isPresent();
    }

    @Test
    void listShowsEveryObject() {
        Zstor zstor = engine(TestCluster.builder().blockSize(BLOCK).build());
        for (int i = 0; i < 5; i++) {
            zstor.store("obj" + i, chunked(random(100 * i, i), 64), ProgressListener.NONE).block(T);
        }
        List<ObjectSummary> all = zstor.list().collectList().block(T);
        assertThat(all).extracting(ObjectSummary::key).containsExactlyInAnyOrder("obj0", "obj1", "obj2", "obj3", "obj4");
        assertThat(all).filteredOn(s -> s.key().equals("obj3")).extracting(ObjectSummary::size).containsExactly(300L);
    }

    @Test
    void failuresAreSavedAndListed() {
        Zstor zstor = engine(TestCluster.builder().build());
        zstor.saveFailure("/data/f1", "backend unreachable").block(T);
        List<FailureRecord> failures = zstor.failures().collectList().block(T);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("/data/f1");
            assertThat(f.reason()).isEqualTo("backend unreachable");
        });
        assertThat(zstor.clearFailure("/data/f1").block(T)).isTrue();
        assertThat(zstor.failures().collectList().block(T)).isEmpty();
    }

    @Test
    void bulkStoreStoresEveryFile() throws Exception {
        Zstor zstor = engine(TestCluster.builder().blockSize(BLOCK).build());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path f = dir.resolve("bulk" + i);
            Files.write(f, random(BLOCK * i + 3, i));
            files.add(f);
        }
        List<StoreResult> results = zstor.storeAll(Flux.fromIterable(files), StoreOptions.DEFAULTS).collectList().block(T);
        assertThat(results).hasSize(6);
        assertThat(zstor.list().count().block(T)).isEqualTo(6);
    }

    @Test
    void rebuildRestoresRedundancyAfterABackendIsReplaced() {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(2, 4).blockSize(BLOCK).build();
        Zstor zstor = engine(c);
        byte[] data = random(5 * BLOCK + 3, 7);
        zstor.store("obj", chunked(data, 4000), ProgressListener.NONE).block(T);
        List<BackendSpec> all = c.dataBackends();
        // first-fit placed the pieces on backends 0..3; backend 1 dies and is removed from the config
        c.zdb(all.get(1)).offline(true);
        List<BackendSpec> remaining = new ArrayList<>(all);
        remaining.remove(1);
        Zstor rebuilt = c.engine(c.withShards(2, 4, remaining));
        engines.add(rebuilt);
        RebuildResult r = rebuilt.rebuild("obj").block(T);
        assertThat(r.piecesRewritten()).isEqualTo(6);
        assertThat(r.backends()).doesNotContain(all.get(1).displayName()).contains(all.get(4).displayName());
        assertThat(c.zdb(all.get(4)).entryCount()).isEqualTo(6);
        // full redundancy again: any two other backends may now fail
        c.zdb(all.get(0)).offline(true);
        c.zdb(all.get(2)).offline(true);
        assertThat(collect(rebuilt.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
        // a second rebuild finds nothing to do
        c.zdb(all.get(0)).offline(false);
        c.zdb(all.get(2)).offline(false);
        assertThat(rebuilt.rebuild("obj").block(T).piecesRewritten()).isZero();
    }

    @Test
    void rebuildMovesThePiecesOfABackendThatHasNoRoomForTheLostOne() {
        TestCluster c = TestCluster.builder().groups(1, 5).shards(2, 4).blockSize(BLOCK).build();
        Zstor zstor = engine(c);
        byte[] data = random(3 * BLOCK, 9);
        zstor.store("obj", chunked(data, 4000), ProgressListener.NONE).block(T);
        BackendSpec full = zstor.metadata().load("obj").block(T).orElseThrow().backends().get(0);
        var z = c.zdb(full);
        z.drop(z.keys().get(1)); // a piece lost on a backend that still answers, but has no room left
        z.full(true);
        RebuildResult r = zstor.rebuild("obj").block(T);
        // index 0 moved to the spare backend, all three of its pieces; before, every attempt failed on "full"
        assertThat(r.backends()).doesNotContain(full.displayName()).hasSize(4);
        assertThat(r.piecesRewritten()).isEqualTo(3);
        assertThat(z.entryCount()).isZero(); // its two intact pieces were deleted after the metadata was saved
        List<BackendSpec> others = zstor.metadata().load("obj").block(T).orElseThrow().backends();
        c.zdb(others.get(1)).offline(true);
        c.zdb(others.get(2)).offline(true);
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void repairOfAnObjectOfAnotherShapeStillSpreadsItsPiecesOverGroups() {
        TestCluster c = TestCluster.builder().groups(2, 3).shards(1, 2).blockSize(BLOCK).build();
        Zstor zstor = Zstor.builder(c.config(), c.connector()).codecs(StandardCodecs.codecs())
                .placement(new GroupSpreadPlacement()).build();
        engines.add(zstor);
        byte[] data = random(2 * BLOCK, 10);
        zstor.store("obj", chunked(data, 4000), ProgressListener.NONE).block(T);
        ObjectMeta before = zstor.metadata().load("obj").block(T).orElseThrow();
        List<BackendSpec> groupA = c.config().groups().get(0).backends();
        List<BackendSpec> groupB = c.config().groups().get(1).backends();
        assertThat(before.backends()).anyMatch(groupA::contains).anyMatch(groupB::contains); // one piece in each
        // the config moves on to 2+2 that survives losing a group; the 1+1 object keeps its shape
        ZstorConfig cfg = c.config();
        zstor.swap(new ZstorConfig(2, 4, 1, 0, cfg.root(), cfg.socket(), cfg.pidFile(), cfg.zdbDataDirPath(),
                cfg.maxZdbDataDirSizeMib(), cfg.zdbfsMountpoint(), cfg.prometheusPort(), cfg.encryption(),
                cfg.compression(), cfg.meta(), cfg.groups(), cfg.tuning()), zstor.metadata());
        // its group-B backend is lost, and group A has far more room than the rest of group B
        BackendSpec lost = before.backends().stream().filter(groupB::contains).findFirst().orElseThrow();
        c.zdb(lost).offline(true);
        zstor.useHealth(() -> new BackendHealth() {
            @Override
            public BackendState state(BackendSpec backend) {
                return backend.equals(lost) ? BackendState.UNREACHABLE : BackendState.HEALTHY;
            }

            @Override
            public long freeBytes(BackendSpec backend) {
                return groupA.contains(backend) ? 1L << 40 : 1L << 30;
            }
        });
        ObjectMeta repaired = zstor.repair(before).then(zstor.metadata().load("obj")).block(T).orElseThrow();
        assertThat(repaired.dataShards()).isEqualTo(1);
        assertThat(repaired.backends()).doesNotContain(lost).anyMatch(groupA::contains).anyMatch(groupB::contains);
        c.zdb(lost).offline(false);
        groupA.forEach(b -> c.zdb(b).offline(true)); // a whole group lost: the object survives
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void rebuildRewritesCorruptAndMissingPiecesInPlace() {
        TestCluster c = TestCluster.builder().groups(1, 4).shards(2, 4).blockSize(BLOCK).build();
        Zstor zstor = engine(c);
        byte[] data = random(3 * BLOCK, 8);
        zstor.store("obj", chunked(data, 4000), ProgressListener.NONE).block(T);
        var z0 = c.zdb(c.dataBackends().get(0));
        z0.corrupt(z0.keys().get(1));
        var z3 = c.zdb(c.dataBackends().get(3));
        z3.drop(z3.keys().get(2));
        RebuildResult r = zstor.rebuild("obj").block(T);
        assertThat(r.piecesRewritten()).isEqualTo(2);
        // the new pieces were appended; the corrupt one is left where it is (its key may belong to another
        // object by now, KeyRaceTest), so backend 0 holds one entry more
        assertThat(z0.entryCount()).isEqualTo(4);
        assertThat(z3.entryCount()).isEqualTo(3);
        c.zdb(c.dataBackends().get(1)).offline(true);
        c.zdb(c.dataBackends().get(2)).offline(true);
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void rebuildWithNewShardSettingsRecodesAndRecordsThem() {
        TestCluster c = TestCluster.builder().groups(1, 8).shards(2, 4).blockSize(BLOCK).build();
        Zstor zstor = engine(c);
        byte[] data = random(4 * BLOCK + 11, 9);
        zstor.store("obj", chunked(data, 4000), ProgressListener.NONE).block(T);
        String storageKey = new io.zstor.engine.meta.MetaKeys(c.config().meta().prefix()).objectKey("obj");
        Zstor wide = c.engine(c.withShards(3, 6, c.dataBackends()));
        engines.add(wide);
        RebuildResult r = wide.rebuild(storageKey).block(T);
        assertThat(r.dataShards()).isEqualTo(3);
        assertThat(r.parityShards()).isEqualTo(3);
        assertThat(r.piecesRewritten()).isEqualTo(5 * 6);
        c.zdb(c.dataBackends().get(0)).offline(true);
        c.zdb(c.dataBackends().get(1)).offline(true);
        c.zdb(c.dataBackends().get(2)).offline(true);
        assertThat(collect(wide.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void rebuildOfAnUnrecoverableObjectFailsAndKeepsItsMetadata() {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(2, 3).blockSize(BLOCK).build();
        Zstor zstor = engine(c);
        zstor.store("obj", chunked(random(BLOCK, 10), 4000), ProgressListener.NONE).block(T);
        String before = zstor.check("obj").block(T).orElseThrow();
        c.zdb(c.dataBackends().get(0)).dropAll();
        c.zdb(c.dataBackends().get(1)).dropAll();
        assertThatThrownBy(() -> zstor.rebuild("obj").block(T)).isInstanceOf(ObjectUnreadableException.class)
                .hasMessageContaining("unrecoverable");
        assertThat(zstor.check("obj").block(T)).contains(before);
    }

    @Test
    void statusAndTestReportEveryBackendWithoutPasswords() {
        TestCluster c = TestCluster.builder().groups(2, 3).shards(2, 4).build();
        Zstor zstor = engine(c);
        zstor.test().block(T);
        c.zdb(c.dataBackends().get(4)).offline(true);
        ClusterStatus status = zstor.status().block(T);
        assertThat(status.metadata()).hasSize(4).allMatch(BackendStatus::reachable);
        assertThat(status.data()).hasSize(6);
        assertThat(status.data().get(4).reachable()).isFalse();
        assertThat(status.toString()).doesNotContain("pw1");
        assertThatThrownBy(() -> zstor.test().block(T)).isInstanceOf(BackendUnavailableException.class).hasMessageContaining(c.dataBackends().get(4).displayName());
    }
}
