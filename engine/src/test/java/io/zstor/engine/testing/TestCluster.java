package io.zstor.engine.testing;

import io.zstor.engine.StandardCodecs;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.config.CompressionConfig;
import io.zstor.engine.config.EncryptionConfig;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.MetaConfig;
import io.zstor.engine.config.TuningConfig;
import io.zstor.engine.config.ZstorConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Builds a {@link ZstorConfig} over in-memory namespaces: four metadata backends ({@code 10.0.0.1..4:9900},
 * user-key) and {@code groups x perGroup} data backends ({@code 10.0.<g+1>.<i+1>:9900}, sequential), with
 * random keys. {@link #engine()} builds a {@link Zstor} with the standard codecs and a first-fit placement.
 */
public final class TestCluster {

    private final InMemoryZdbConnector connector;
    private final ZstorConfig config;

    private TestCluster(InMemoryZdbConnector connector, ZstorConfig config) {
        this.connector = connector;
        this.config = config;
    }

    /** A builder with 1 group of 6 backends, 4+2, 64 KiB blocks. */
    public static Builder builder() {
        return new Builder();
    }

    /** The connector holding every namespace. */
    public InMemoryZdbConnector connector() {
        return connector;
    }

    /** The config. */
    public ZstorConfig config() {
        return config;
    }

    /** The data backends in config order. */
    public List<BackendSpec> dataBackends() {
        return config.groups().stream().flatMap(g -> g.backends().stream()).toList();
    }

    /** The namespace of a backend. */
    public InMemoryZdb zdb(BackendSpec spec) {
        return connector.zdb(spec);
    }

    /** The four metadata namespaces. */
    public List<InMemoryZdb> metaZdbs() {
        return config.meta().backends().stream().map(connector::zdb).toList();
    }

    /** A new engine over this cluster (standard codecs, first-fit placement). */
    public Zstor engine() {
        return engine(config);
    }

    /** A new engine over this cluster with another config (e.g. other keys or shards). */
    public Zstor engine(ZstorConfig other) {
        return Zstor.builder(other, connector).codecs(StandardCodecs.codecs()).placement(new FirstFitPlacement()).build();
    }

    /** The same config with another data key. */
    public ZstorConfig withDataKey(byte[] key) {
        ZstorConfig c = config;
        return new ZstorConfig(c.minimalShards(), c.expectedShards(), c.redundantGroups(), c.redundantNodes(), c.root(),
                c.socket(), c.pidFile(), c.zdbDataDirPath(), c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(),
                c.prometheusPort(), new EncryptionConfig("AES", Secret.ofBytes(key)), c.compression(), c.meta(), c.groups(),
                c.tuning());
    }

    /** The same config with another metadata key. */
    public ZstorConfig withMetaKey(byte[] key) {
        ZstorConfig c = config;
        MetaConfig meta = new MetaConfig(c.meta().type(), c.meta().prefix(), new EncryptionConfig("AES", Secret.ofBytes(key)),
                c.meta().backends());
        return new ZstorConfig(c.minimalShards(), c.expectedShards(), c.redundantGroups(), c.redundantNodes(), c.root(),
                c.socket(), c.pidFile(), c.zdbDataDirPath(), c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(),
                c.prometheusPort(), c.encryption(), c.compression(), meta, c.groups(), c.tuning());
    }

    /** The same config with other shards and data backends (a subset or the same list). */
    public ZstorConfig withShards(int k, int n, List<BackendSpec> backends) {
        ZstorConfig c = config;
        return new ZstorConfig(k, n, 0, 0, c.root(), c.socket(), c.pidFile(), c.zdbDataDirPath(),
                c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(), c.prometheusPort(), c.encryption(), c.compression(), c.meta(),
                List.of(new GroupConfig(backends)), c.tuning());
    }

    /** Builds clusters. */
    public static final class Builder {
        private int groups = 1;
        private int perGroup = 6;
        private int k = 4;
        private int n = 6;
        private int blockSize = 64 << 10;
        private int blocksInFlight = 4;
        private java.time.Duration zdbTimeout = TuningConfig.defaults().zdbTimeout();
        private java.time.Duration connectTimeout = TuningConfig.defaults().zdbConnectTimeout();
        private Optional<Path> root = Optional.empty();
        private String prefix = "zstor-test";

        private Builder() {
        }

        /** Groups and backends per group. */
        public Builder groups(int groups, int perGroup) {
            this.groups = groups;
            this.perGroup = perGroup;
            return this;
        }

        /** {@code minimal_shards} and {@code expected_shards}. */
        public Builder shards(int minimal, int expected) {
            this.k = minimal;
            this.n = expected;
            return this;
        }

        /** Plaintext bytes per block. */
        public Builder blockSize(int bytes) {
            this.blockSize = bytes;
            return this;
        }

        /** Blocks in flight. */
        public Builder blocksInFlight(int blocks) {
            this.blocksInFlight = blocks;
            return this;
        }

        /** {@code zdb_timeout_secs} and {@code zdb_connect_timeout_secs}. */
        public Builder timeouts(java.time.Duration command, java.time.Duration connect) {
            this.zdbTimeout = command;
            this.connectTimeout = connect;
            return this;
        }

        /** The virtual root. */
        public Builder root(Path root) {
            this.root = Optional.of(root);
            return this;
        }

        /** The metadata key prefix. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** The cluster. */
        public TestCluster build() {
            InMemoryZdbConnector connector = new InMemoryZdbConnector();
            List<BackendSpec> meta = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                BackendSpec spec = BackendSpec.of("10.0.0." + (i + 1) + ":9900", "meta" + i);
                connector.add(spec, NamespaceMode.USER);
                meta.add(spec);
            }
            List<GroupConfig> groupConfigs = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                List<BackendSpec> backends = new ArrayList<>();
                for (int i = 0; i < perGroup; i++) {
                    BackendSpec spec = new BackendSpec("10.0." + (g + 1) + "." + (i + 1) + ":9900",
                            Optional.of("data" + g + "-" + i), Optional.of(Secret.of("pw" + g + i)));
                    connector.add(spec, NamespaceMode.SEQUENTIAL);
                    backends.add(spec);
                }
                groupConfigs.add(new GroupConfig(backends));
            }
            SecureRandom random = new SecureRandom();
            byte[] dataKey = new byte[32];
            byte[] metaKey = new byte[32];
            random.nextBytes(dataKey);
            random.nextBytes(metaKey);
            TuningConfig defaults = TuningConfig.defaults();
            TuningConfig tuning = new TuningConfig(blockSize, blocksInFlight, defaults.maxParallelUploads(),
                    zdbTimeout, connectTimeout, defaults.zdbMaxInFlight(), defaults.repairInterval());
            ZstorConfig config = new ZstorConfig(k, n, 0, 0, root, Optional.empty(), Optional.empty(), Optional.empty(),
                    OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                    new EncryptionConfig("AES", Secret.ofBytes(dataKey)), new CompressionConfig("snappy"),
                    new MetaConfig("zdb", prefix, new EncryptionConfig("AES", Secret.ofBytes(metaKey)), meta),
                    groupConfigs, tuning);
            return new TestCluster(connector, config);
        }
    }
}
