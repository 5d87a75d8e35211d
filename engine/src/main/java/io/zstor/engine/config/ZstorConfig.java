package io.zstor.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The whole, validated configuration. Keys and meanings follow the original 0-stor_v2 (see the README's
 * config reference); {@link TuningConfig} holds zstor's new keys, all with defaults.
 *
 * @param minimalShards {@code minimal_shards}: k, the data shards (pieces needed to recover)
 * @param expectedShards {@code expected_shards}: n, the pieces written per block; parity is n - k
 * @param redundantGroups {@code redundant_groups}: groups that may be lost entirely
 * @param redundantNodes {@code redundant_nodes}: backends that may be lost in each remaining group
 * @param root {@code root}: virtual root stripped from paths before hashing
 * @param socket {@code socket}: unix socket of the daemon
 * @param pidFile {@code pid_file}
 * @param zdbDataDirPath {@code zdb_data_dir_path}: local 0-db data dir kept under a size limit
 * @param maxZdbDataDirSizeMib {@code max_zdb_data_dir_size} in MiB
 * @param zdbfsMountpoint {@code zdbfs_mountpoint}
 * @param prometheusPort {@code prometheus_port}
 * @param encryption {@code [encryption]}: the data key
 * @param compression {@code [compression]}
 * @param meta {@code [meta]}
 * @param groups {@code [[groups]]}
 * @param tuning new keys (block size, concurrency bounds, timeouts)
 */
public record ZstorConfig(
        int minimalShards,
        int expectedShards,
        int redundantGroups,
        int redundantNodes,
        Optional<Path> root,
        Optional<Path> socket,
        Optional<Path> pidFile,
        Optional<Path> zdbDataDirPath,
        OptionalLong maxZdbDataDirSizeMib,
        Optional<Path> zdbfsMountpoint,
        OptionalInt prometheusPort,
        EncryptionConfig encryption,
        CompressionConfig compression,
        MetaConfig meta,
        List<GroupConfig> groups,
        TuningConfig tuning) {

    /** Copies the list. */
    public ZstorConfig {
        groups = List.copyOf(groups);
    }

    /** The redundancy rule formed by the four shard keys. */
    public RedundancyPolicy redundancy() {
        return RedundancyPolicy.of(this);
    }

    /** Parity pieces per block, {@code expected_shards - minimal_shards}. */
    public int parityShards() {
        return expectedShards - minimalShards;
    }
}
