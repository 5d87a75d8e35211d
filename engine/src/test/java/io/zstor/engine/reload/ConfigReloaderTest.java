package io.zstor.engine.reload;

import static io.zstor.engine.testing.Payloads.T;
import static io.zstor.engine.testing.Payloads.collect;
import static io.zstor.engine.testing.Payloads.random;
import static io.zstor.engine.testing.Payloads.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.health.BackendMonitor;
import io.zstor.engine.repair.RepairService;
import io.zstor.engine.testing.ConfigEdits;
import io.zstor.engine.testing.MutableClock;
import io.zstor.engine.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {

    static final int BLOCK = 16 << 10;

    @TempDir
    Path dir;

    final TestCluster cluster = TestCluster.builder().groups(1, 8).shards(4, 6).blockSize(BLOCK).build();
    final List<BackendSpec> all = cluster.dataBackends();
    /** Runs with the first seven data backends; the eighth is spare. */
    final ZstorConfig initial = ConfigEdits.withGroups(cluster.config(), List.of(new GroupConfig(all.subList(0, 7))));
    final Zstor zstor = cluster.engine(initial);
    final BackendMonitor monitor = new BackendMonitor(zstor.namespaces(), initial, new MutableClock());
    final RepairService repair = new RepairService(zstor, new SimpleMeterRegistry());
    final ConfigReloader reloader = new ConfigReloader(zstor, Optional.of(monitor), Optional.of(repair));

    ConfigReloaderTest() {
        zstor.useHealth(() -> monitor);
        zstor.metadataReadOnlyWhen(monitor::metadataReadOnlyReason);
    }

    @AfterEach
    void close() {
        repair.close();
        monitor.close();
        zstor.close();
    }

    Map<String, byte[]> store(int count) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = random(BLOCK + 31 * i, i);
            zstor.store("o" + i, stream(data), ProgressListener.NONE).block(T);
            out.put("o" + i, data);
        }
        return out;
    }

    void assertReadable(Map<String, byte[]> stored) {
        stored.forEach((k, v) -> assertThat(collect(zstor.retrieve(k, ProgressListener.NONE))).isEqualTo(v));
    }

    @Test
    void changedDataKeyIsRejectedAndTheRunningConfigKept() {
        Map<String, byte[]> stored = store(1);
        byte[] key = random(32, 99);
        ZstorConfig other = ConfigEdits.withGroups(cluster.withDataKey(key), initial.groups());
        assertThatThrownBy(() -> reloader.reload(other).block(T))
                .isInstanceOf(ReloadRejectedException.class)
                .hasMessageStartingWith("config reload rejected, keeping the running config: encryption.key changed")
                .hasMessageNotContaining(HexFormat.of().formatHex(key))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(zstor.config()).isSameAs(initial);
        assertReadable(stored);
    }

    @Test
    void unplaceablePolicyIsRejected() {
        ZstorConfig tooFew = ConfigEdits.withGroups(initial, List.of(new GroupConfig(all.subList(0, 3))));
        assertThatThrownBy(() -> reloader.reload(tooFew).block(T))
                .isInstanceOf(ReloadRejectedException.class)
                .hasMessageContaining("redundancy policy cannot be met");
        assertThat(zstor.config()).isSameAs(initial);
    }

    @Test
    void brokenFileIsRejectedInOneLine() throws Exception {
        Path file = dir.resolve("zstor.toml");
        Files.writeString(file, "minimal_shards = \"four\"\nexpected_shards = -1\n[encryption]\n");
        assertThatThrownBy(() -> reloader.reload(file).block(T))
                .isInstanceOf(ReloadRejectedException.class)
                .hasMessageStartingWith("config reload rejected, keeping the running config: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(zstor.config()).isSameAs(initial);
        store(1);
    }

    @Test
    void newBackendIsUsedAndRemovedBackendIsRepairedAway() {
        Map<String, byte[]> stored = store(3);
        BackendSpec removed = all.get(0);
        BackendSpec added = all.get(7);
        assertThat(zstor.metadata().load("o0").block(T).orElseThrow().backends()).contains(removed);
        List<BackendSpec> nextBackends = new ArrayList<>(all.subList(1, 7));
        nextBackends.add(0, added);
        ZstorConfig next = ConfigEdits.withGroups(initial, List.of(new GroupConfig(nextBackends)));

        ReloadReport report = reloader.reload(next).block(T);

        assertThat(report.addedDataBackends()).containsExactly(added.displayName());
        assertThat(report.removedDataBackends()).containsExactly(removed.displayName());
        assertThat(report.metadataMoved()).isFalse();
        assertThat(zstor.config()).isSameAs(next);
        assertThat(monitor.reports()).extracting(r -> r.backend()).contains(added).doesNotContain(removed);
        // new stores: first-fit over the new backend list starts with the added backend
        zstor.store("fresh", stream(random(5000, 7)), ProgressListener.NONE).block(T);
        assertThat(zstor.metadata().load("fresh").block(T).orElseThrow().backends())
                .doesNotContain(removed).contains(added);
        // the background repair started by the reload (or this one) moves every piece off the removed backend
        repair.repairNow().block(T);
        repair.repairNow().block(T);
        for (String key : stored.keySet()) {
            assertThat(zstor.metadata().load(key).block(T).orElseThrow().backends()).doesNotContain(removed);
        }
        cluster.zdb(removed).offline(true);
        assertReadable(stored);
    }

    @Test
    void replacedMetadataBackendGetsEveryRecordReEncoded() {
        Map<String, byte[]> stored = store(40);
        zstor.saveFailure("failed-file", "disk on fire").block(T);
        BackendSpec fresh = BackendSpec.of("10.0.0.9:9900", "meta-new");
        cluster.connector().add(fresh, NamespaceMode.USER);
        List<BackendSpec> metaBackends = new ArrayList<>(initial.meta().backends());
        BackendSpec replaced = metaBackends.set(3, fresh);
        ZstorConfig next = ConfigEdits.withMetaBackends(initial, metaBackends);

        ReloadReport report = reloader.reload(next).block(T);

        assertThat(report.metadataMoved()).isTrue();
        assertThat(report.metadataRecords()).isEqualTo(41);
        assertThat(zstor.metadata().backends()).containsExactlyElementsOf(metaBackends);
        // the replaced backend is gone and another old one fails: reads need the new backend's pieces
        cluster.zdb(replaced).offline(true);
        cluster.zdb(metaBackends.get(0)).offline(true);
        assertReadable(stored);
        assertThat(zstor.failures().collectList().block(T)).hasSize(1);
        cluster.zdb(metaBackends.get(0)).offline(false);
        zstor.store("after", stream(random(100, 3)), ProgressListener.NONE).block(T);
        assertThat(zstor.check("after").block(T)).isPresent();
    }

    @Test
    void unreachableNewMetadataBackendRejectsTheReloadAndKeepsMetadataWritable() {
        store(1);
        BackendSpec fresh = BackendSpec.of("10.0.0.9:9900", "meta-new");
        cluster.connector().add(fresh, NamespaceMode.USER).offline(true);
        List<BackendSpec> metaBackends = new ArrayList<>(initial.meta().backends());
        metaBackends.set(2, fresh);
        assertThatThrownBy(() -> reloader.reload(ConfigEdits.withMetaBackends(initial, metaBackends)).block(T))
                .isInstanceOf(ReloadRejectedException.class)
                .hasMessageContaining("new metadata backends not usable");
        assertThat(zstor.config()).isSameAs(initial);
        zstor.store("still-writable", stream(random(100, 4)), ProgressListener.NONE).block(T);
    }
}
