package io.zstor.engine.config;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.tomlj.TomlParseResult;

/**
 * Turns a parsed TOML document into a {@link ZstorConfig}, checking every key and every rule and recording
 * each problem in {@link Problems}. One instance reads one document.
 */
final class ConfigReader {
    /** 0-db rejects values above 8 MiB; a piece also carries a little framing, hence the margin. */
    static final int MAX_PIECE_BYTES = (8 << 20) - (64 << 10);
    static final int MIN_BLOCK_SIZE = 4 << 10;
    static final int MAX_BLOCK_SIZE = 64 << 20;

    private static final Set<String> TOP_KEYS = Set.of("minimal_shards", "expected_shards", "redundant_groups",
            "redundant_nodes", "root", "socket", "pid_file", "zdb_data_dir_path", "max_zdb_data_dir_size",
            "zdbfs_mountpoint", "prometheus_port", "encryption", "compression", "meta", "groups",
            "block_size", "blocks_in_flight", "max_parallel_uploads", "zdb_timeout_secs",
            "zdb_connect_timeout_secs", "zdb_max_in_flight", "repair_interval_secs", "health_check_interval_secs",
            "unreachable_grace_secs", "low_space_threshold_mib", "scrub_interval_secs", "repair_concurrency",
            "dir_monitor_interval_secs");
    private static final Map<String, String> RETIRED = Map.of(
            "data_shards", "obsolete key, use minimal_shards (data shards) and expected_shards (total shards)",
            "parity_shards", "obsolete key, use expected_shards (total shards) and minimal_shards (data shards)");
    private static final Set<String> ENCRYPTION_KEYS = Set.of("algorithm", "key");
    private static final Set<String> COMPRESSION_KEYS = Set.of("algorithm");
    private static final Set<String> META_KEYS = Set.of("type", "config");
    private static final Set<String> META_CONFIG_KEYS = Set.of("prefix", "encryption", "backends");
    private static final Set<String> GROUP_KEYS = Set.of("backends");
    private static final Set<String> BACKEND_KEYS = Set.of("address", "namespace", "password");
    private static final int META_BACKENDS = 4;
    private static final int KEY_BYTES = 32;

    private final Problems problems;
    /** canonical backend identity to the dotted name of its first occurrence */
    private final Map<String, String> seenBackends = new HashMap<>();

    ConfigReader(Problems problems) {
        this.problems = problems;
    }

    /** The config, or null when an error was recorded. */
    ZstorConfig read(TomlParseResult toml) {
        TomlSection root = new TomlSection(toml, "", null, problems);
        root.checkKeys(TOP_KEYS, true, RETIRED);

        OptionalLong minimal = root.integer("minimal_shards", 1, 255, true,
                "at least one data shard is needed and Reed-Solomon over GF(2^8) allows at most 255");
        OptionalLong expected = root.integer("expected_shards", 2, 256, true,
                "Reed-Solomon over GF(2^8) allows at most 256 shards in total");
        OptionalLong redundantGroups = root.integer("redundant_groups", 0, 1 << 16, true, "");
        OptionalLong redundantNodes = root.integer("redundant_nodes", 0, 1 << 16, true, "");
        if (minimal.isPresent() && expected.isPresent() && minimal.getAsLong() >= expected.getAsLong()) {
            root.error("minimal_shards", "must be less than expected_shards (" + expected.getAsLong() + "), got "
                    + minimal.getAsLong() + ": at least one parity shard is needed");
            minimal = OptionalLong.empty();
        }

        var rootPath = root.path("root");
        rootPath.filter(p -> !p.isAbsolute()).ifPresent(p -> root.error("root", "must be an absolute path"));
        var socket = root.path("socket");
        var pidFile = root.path("pid_file");
        var zdbDataDir = root.path("zdb_data_dir_path");
        OptionalLong maxDataDir = root.integer("max_zdb_data_dir_size", 1, 1L << 40, false, "size in MiB");
        if (zdbDataDir.isPresent() != maxDataDir.isPresent()) {
            String present = zdbDataDir.isPresent() ? "zdb_data_dir_path" : "max_zdb_data_dir_size";
            String absent = zdbDataDir.isPresent() ? "max_zdb_data_dir_size" : "zdb_data_dir_path";
            problems.warn(root.positionOf(present), present + " has no effect without " + absent);
        }
        var zdbfsMountpoint = root.path("zdbfs_mountpoint");
        OptionalLong prometheusPort = root.integer("prometheus_port", 1, 65535, false, "");
        TuningConfig tuning = tuning(root, minimal);

        Optional<EncryptionConfig> encryption = root.table("encryption", true).flatMap(this::encryption);
        Optional<CompressionConfig> compression = root.table("compression", true).flatMap(this::compression);
        Optional<MetaConfig> meta = root.table("meta", true).flatMap(this::meta);
        Optional<List<GroupConfig>> groups = groups(root);

        if (groups.isPresent() && expected.isPresent()) {
            checkRedundancy(root, groups.get(), minimal, expected.getAsLong(), redundantGroups, redundantNodes);
        }
        if (problems.hasErrors()) {
            return null;
        }
        return new ZstorConfig((int) minimal.getAsLong(), (int) expected.getAsLong(),
                (int) redundantGroups.getAsLong(), (int) redundantNodes.getAsLong(), rootPath, socket, pidFile,
                zdbDataDir, maxDataDir, zdbfsMountpoint,
                prometheusPort.isPresent() ? OptionalInt.of((int) prometheusPort.getAsLong()) : OptionalInt.empty(),
                encryption.orElseThrow(), compression.orElseThrow(), meta.orElseThrow(), groups.orElseThrow(),
                tuning);
    }

    private TuningConfig tuning(TomlSection root, OptionalLong minimal) {
        TuningConfig d = TuningConfig.defaults();
        int blockSize = (int) root.integer("block_size", MIN_BLOCK_SIZE, MAX_BLOCK_SIZE, false, "bytes")
                .orElse(d.blockSize());
        if (minimal.isPresent() && root.contains("block_size")) {
            long pieceBytes = (blockSize + minimal.getAsLong() - 1) / minimal.getAsLong();
            if (pieceBytes > MAX_PIECE_BYTES) {
                root.error("block_size", blockSize + " bytes over minimal_shards = " + minimal.getAsLong()
                        + " gives pieces of " + pieceBytes + " bytes, above the 0-db value limit; use at most "
                        + (long) MAX_PIECE_BYTES * minimal.getAsLong());
            }
        }
        int blocksInFlight = (int) root.integer("blocks_in_flight", 1, 1024, false, "")
                .orElse(d.blocksInFlight());
        int parallelUploads = (int) root.integer("max_parallel_uploads", 1, 1024, false, "")
                .orElse(d.maxParallelUploads());
        Duration timeout = seconds(root, "zdb_timeout_secs", 3600, d.zdbTimeout());
        Duration connectTimeout = seconds(root, "zdb_connect_timeout_secs", 3600, d.zdbConnectTimeout());
        int maxInFlight = (int) root.integer("zdb_max_in_flight", 1, 4096, false, "")
                .orElse(d.zdbMaxInFlight());
        Duration repairInterval = seconds(root, "repair_interval_secs", 7L * 24 * 3600, d.repairInterval());
        Duration healthInterval = seconds(root, "health_check_interval_secs", 3600, d.healthCheckInterval());
        Duration grace = seconds(root, "unreachable_grace_secs", 7L * 24 * 3600, d.unreachableGrace());
        long lowSpace = root.integer("low_space_threshold_mib", 0, 1L << 30, false, "MiB")
                .stream().map(mib -> mib << 20).findFirst().orElse(d.lowSpaceThresholdBytes());
        Duration scrubInterval = seconds(root, "scrub_interval_secs", 365L * 24 * 3600, d.scrubInterval());
        int repairConcurrency = (int) root.integer("repair_concurrency", 1, 256, false, "")
                .orElse(d.repairConcurrency());
        Duration dirInterval = seconds(root, "dir_monitor_interval_secs", 24L * 3600, d.dirMonitorInterval());
        return new TuningConfig(blockSize, blocksInFlight, parallelUploads, timeout, connectTimeout, maxInFlight,
                repairInterval, healthInterval, grace, lowSpace, scrubInterval, repairConcurrency, dirInterval);
    }

    private static Duration seconds(TomlSection root, String key, long max, Duration fallback) {
        OptionalLong value = root.integer(key, 1, max, false, "seconds");
        return value.isPresent() ? Duration.ofSeconds(value.getAsLong()) : fallback;
    }

    private Optional<EncryptionConfig> encryption(TomlSection table) {
        table.checkKeys(ENCRYPTION_KEYS, true, Map.of());
        Optional<String> algorithm = table.choice("algorithm", List.of("AES"));
        Optional<Secret> key = table.string("key", true, false).flatMap(hex -> hexKey(table, hex));
        if (algorithm.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EncryptionConfig(algorithm.get(), key.get()));
    }

    /** Decodes 64 hex characters; never puts the text into a message. */
    private static Optional<Secret> hexKey(TomlSection table, String hex) {
        if (hex.length() != 2 * KEY_BYTES) {
            table.error("key", "invalid length " + hex.length()
                    + ", expected a hex encoded byte slice of length 32 (64 hex chars)");
            return Optional.empty();
        }
        byte[] bytes = new byte[KEY_BYTES];
        for (int i = 0; i < hex.length(); i++) {
            int digit = hexDigit(hex.charAt(i));
            if (digit < 0) {
                table.error("key", "invalid hex character at position " + (i + 1) + " (the key must be 64 hex chars)");
                return Optional.empty();
            }
            bytes[i / 2] = (byte) (bytes[i / 2] << 4 | digit);
        }
        Secret secret = Secret.ofBytes(bytes);
        Arrays.fill(bytes, (byte) 0);
        return Optional.of(secret);
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Optional<CompressionConfig> compression(TomlSection table) {
        table.checkKeys(COMPRESSION_KEYS, true, Map.of());
        return table.choice("algorithm", List.of("snappy")).map(CompressionConfig::new);
    }

    private Optional<MetaConfig> meta(TomlSection table) {
        table.checkKeys(META_KEYS, true, Map.of());
        Optional<String> type = table.choice("type", List.of("zdb"));
        Optional<TomlSection> config = table.table("config", true);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        TomlSection c = config.get();
        c.checkKeys(META_CONFIG_KEYS, false, Map.of());
        Optional<String> prefix = c.string("prefix", true, true);
        Optional<EncryptionConfig> encryption = c.table("encryption", true).flatMap(this::encryption);
        Optional<List<BackendSpec>> backends = c.tables("backends", true).flatMap(list -> {
            if (list.size() != META_BACKENDS) {
                c.error("backends", "exactly 4 metadata backends are required, found " + list.size());
            }
            return backends(list);
        }).filter(list -> list.size() == META_BACKENDS);
        if (type.isEmpty() || prefix.isEmpty() || encryption.isEmpty() || backends.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MetaConfig(type.get(), prefix.get(), encryption.get(), backends.get()));
    }

    private Optional<List<GroupConfig>> groups(TomlSection root) {
        Optional<List<TomlSection>> tables = root.tables("groups", true);
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        if (tables.get().isEmpty()) {
            root.error("groups", "at least one group of data backends is required");
            return Optional.empty();
        }
        List<GroupConfig> groups = new ArrayList<>();
        boolean ok = true;
        for (TomlSection group : tables.get()) {
            group.checkKeys(GROUP_KEYS, false, Map.of());
            Optional<List<BackendSpec>> backends = group.tables("backends", true).flatMap(list -> {
                if (list.isEmpty()) {
                    group.error("backends", "a group needs at least one backend");
                    return Optional.empty();
                }
                return backends(list);
            });
            if (backends.isPresent()) {
                groups.add(new GroupConfig(backends.get()));
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(groups) : Optional.empty();
    }

    /** All backends of a list, or empty if any is invalid. */
    private Optional<List<BackendSpec>> backends(List<TomlSection> tables) {
        List<BackendSpec> specs = new ArrayList<>();
        for (TomlSection table : tables) {
            backend(table).ifPresent(specs::add);
        }
        return specs.size() == tables.size() ? Optional.of(specs) : Optional.empty();
    }

    private Optional<BackendSpec> backend(TomlSection table) {
        table.checkKeys(BACKEND_KEYS, false, Map.of());
        Optional<String> addressText = table.string("address", true, true);
        Optional<BackendAddress> address = addressText.flatMap(text -> {
            try {
                return Optional.of(BackendAddress.parse(text));
            } catch (IllegalArgumentException e) {
                table.error("address", e.getMessage());
                return Optional.empty();
            }
        });
        Optional<String> namespace = table.string("namespace", false, true);
        boolean namespaceOk = namespace.isPresent() || !table.contains("namespace");
        Optional<Secret> password = table.string("password", false, false).map(Secret::of);
        boolean passwordOk = password.isPresent() || !table.contains("password");
        if (address.isEmpty() || !namespaceOk || !passwordOk) {
            return Optional.empty();
        }
        String identity = address.get().canonical() + " - " + namespace.orElse("default");
        String first = seenBackends.putIfAbsent(identity, table.name());
        if (first != null) {
            table.tableError("duplicate backend " + address.get() + " - " + namespace.orElse("default")
                    + ", already used by " + first);
            return Optional.empty();
        }
        return Optional.of(new BackendSpec(addressText.orElseThrow(), namespace, password));
    }

    private void checkRedundancy(TomlSection root, List<GroupConfig> groups, OptionalLong minimal, long expected,
            OptionalLong redundantGroups, OptionalLong redundantNodes) {
        int total = groups.stream().mapToInt(g -> g.backends().size()).sum();
        if (total < expected) {
            root.error("groups", "insufficient data backends, require at least " + expected + ", only found " + total);
            return;
        }
        if (minimal.isEmpty() || redundantGroups.isEmpty() || redundantNodes.isEmpty()) {
            return;
        }
        if (redundantGroups.getAsLong() >= groups.size()) {
            root.error("redundant_groups", "must be less than the number of groups (" + groups.size() + "), got "
                    + redundantGroups.getAsLong());
            return;
        }
        RedundancyPolicy policy = new RedundancyPolicy((int) minimal.getAsLong(), (int) expected,
                (int) redundantGroups.getAsLong(), (int) redundantNodes.getAsLong());
        int[] sizes = groups.stream().mapToInt(g -> g.backends().size()).toArray();
        if (!policy.feasible(new int[sizes.length], sizes)) {
            root.error("redundant_groups", "redundant_groups = " + policy.redundantGroups() + " with redundant_nodes = "
                    + policy.redundantNodes() + " cannot be satisfied: no spread of " + expected
                    + " shards over groups of " + Arrays.toString(sizes) + " backends keeps minimal_shards = "
                    + policy.minimalShards() + " after losing " + policy.redundantGroups() + " group(s) and "
                    + policy.redundantNodes() + " backend(s) in every other group");
        }
    }
}
