package io.zstor.engine.config;

import static io.zstor.engine.config.ConfigTexts.DATA_KEY;
import static io.zstor.engine.config.ConfigTexts.META_KEY;
import static io.zstor.engine.config.ConfigTexts.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static ZstorConfig parse(String text) {
        return ConfigLoader.parse(text, "zstor.toml", w -> { });
    }

    private static List<String> problems(String text) {
        try {
            parse(text);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    /** {@code zstor.toml:<line>:1} for the {@code occurrence}-th (1-based) line of {@code text} containing {@code needle}. */
    private static String at(String text, String needle, int occurrence) {
        String[] lines = text.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle) && ++seen == occurrence) {
                return "zstor.toml:" + (i + 1) + ":1";
            }
        }
        throw new AssertionError(needle + " not found");
    }

    private static String at(String text, String needle) {
        return at(text, needle, 1);
    }

    private static String shards(int k, int n, int groups, int nodes) {
        return "minimal_shards = " + k + "\nexpected_shards = " + n + "\nredundant_groups = " + groups
                + "\nredundant_nodes = " + nodes;
    }

    @Test
    void readsEveryKeyOfTheOriginal() {
        String text = valid("""
                minimal_shards = 4
                expected_shards = 6
                redundant_groups = 1
                redundant_nodes = 0
                root = "/virtualroot"
                socket = "/tmp/zstor.sock"
                pid_file = "/run/zstor.pid"
                prometheus_port = 9100
                zdb_data_dir_path = "/tmp/0-db/data"
                max_zdb_data_dir_size = 25600
                zdbfs_mountpoint = "/mnt/zdbfs\"""", 3, 3);
        ZstorConfig config = parse(text);
        assertThat(config.minimalShards()).isEqualTo(4);
        assertThat(config.expectedShards()).isEqualTo(6);
        assertThat(config.parityShards()).isEqualTo(2);
        assertThat(config.redundantGroups()).isEqualTo(1);
        assertThat(config.redundantNodes()).isZero();
        assertThat(config.root()).contains(Path.of("/virtualroot"));
        assertThat(config.socket()).contains(Path.of("/tmp/zstor.sock"));
        assertThat(config.pidFile()).contains(Path.of("/run/zstor.pid"));
        assertThat(config.prometheusPort()).hasValue(9100);
        assertThat(config.zdbDataDirPath()).contains(Path.of("/tmp/0-db/data"));
        assertThat(config.maxZdbDataDirSizeMib()).hasValue(25600);
        assertThat(config.zdbfsMountpoint()).contains(Path.of("/mnt/zdbfs"));
        assertThat(config.encryption().algorithm()).isEqualTo("AES");
        assertThat(config.encryption().key().revealBytes()).isEqualTo(HexFormat.of().parseHex(DATA_KEY));
        assertThat(config.compression().algorithm()).isEqualTo("snappy");
        MetaConfig meta = config.meta();
        assertThat(meta.type()).isEqualTo("zdb");
        assertThat(meta.prefix()).isEqualTo("someprefix");
        assertThat(meta.encryption().key().revealBytes()).isEqualTo(HexFormat.of().parseHex(META_KEY));
        assertThat(meta.backends()).hasSize(4);
        assertThat(meta.backends().get(3).address()).isEqualTo("[2a02:1802:5e::dead:beef]:9903");
        assertThat(meta.backends().get(3).namespace()).contains("meta");
        assertThat(meta.backends().get(3).password().orElseThrow().reveal()).isEqualTo("supersecretpass");
        assertThat(config.groups()).hasSize(3);
        assertThat(config.groups().get(2).backends()).hasSize(3);
        BackendSpec last = config.groups().get(2).backends().get(2);
        assertThat(last.address()).isEqualTo("127.0.0.1:9202");
        assertThat(last.namespaceName()).isEqualTo("data");
        assertThat(config.tuning()).isEqualTo(TuningConfig.defaults());
        assertThat(config.redundancy()).isEqualTo(new RedundancyPolicy(4, 6, 1, 0));
    }

    @Test
    void optionalKeysAreEmptyWhenAbsent() {
        ZstorConfig config = parse(valid());
        assertThat(config.root()).isEmpty();
        assertThat(config.socket()).isEmpty();
        assertThat(config.pidFile()).isEmpty();
        assertThat(config.prometheusPort()).isEmpty();
        assertThat(config.maxZdbDataDirSizeMib()).isEmpty();
        assertThat(config.zdbfsMountpoint()).isEmpty();
    }

    @Test
    void readsTheReadmeExampleShapeWithInlineTablesAndDefaultNamespace() {
        String text = valid(shards(2, 3, 0, 0), 0, 0) + """
                [[groups]]
                [[groups.backends]]
                address = "[fe80::1]:9900"

                [[groups.backends]]
                address = "[fe80::1]:9900"
                namespace = "test"

                [[groups]]
                backends = [ { address = "10.0.0.1:9900", namespace = "x" }, { address = "zdb-1.example.org:9900" } ]
                """;
        ZstorConfig config = parse(text);
        assertThat(config.groups()).hasSize(2);
        BackendSpec first = config.groups().get(0).backends().get(0);
        assertThat(first.namespace()).isEmpty();
        assertThat(first.password()).isEmpty();
        assertThat(first.namespaceName()).isEqualTo("default");
        assertThat(config.groups().get(0).backends().get(1).namespace()).contains("test");
        assertThat(config.groups().get(1).backends().get(1).address()).isEqualTo("zdb-1.example.org:9900");
    }

    @Test
    void readsTuningKeys() {
        ZstorConfig config = parse(valid(shards(4, 6, 1, 0) + """

                block_size = 1048576
                blocks_in_flight = 8
                max_parallel_uploads = 3
                zdb_timeout_secs = 5
                zdb_connect_timeout_secs = 2
                zdb_max_in_flight = 64
                repair_interval_secs = 60""", 3, 3));
        assertThat(config.tuning()).isEqualTo(new TuningConfig(1 << 20, 8, 3, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 64, Duration.ofSeconds(60)));
    }

    @Test
    void theReadmeExampleFailsLikeTheOriginal() {
        String text = valid(shards(10, 15, 1, 1), 0, 0) + """
                [[groups]]
                [[groups.backends]]
                address = "[fe80::1]:9900"

                [[groups.backends]]
                address = "[fe80::1]:9900"
                namespace = "test"
                """;
        assertThat(problems(text)).anySatisfy(p -> assertThat(p)
                .endsWith("groups: insufficient data backends, require at least 15, only found 2"));
    }

    @Test
    void syntaxErrorsCarryLineAndColumn() {
        List<String> problems = problems("minimal_shards = 4\nexpected_shards = \"6\n[encryption\n");
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).matches("zstor\\.toml:\\d+:\\d+: syntax error: .+"));
        assertThat(problems.get(0)).startsWith("zstor.toml:2:");
        assertThat(problems("a = 1\na = 2\n")).singleElement().asString().startsWith("zstor.toml:2:1: syntax error:");
    }

    // --- every failure of the original's section 2.2, now reported at load time ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|6|zstor.toml:1:1: minimal_shards: must be between 1 and 255, got 0",
        "6|6|zstor.toml:1:1: minimal_shards: must be less than expected_shards (6), got 6: at least one parity shard is needed",
        "7|6|zstor.toml:1:1: minimal_shards: must be less than expected_shards (6), got 7: at least one parity shard is needed",
        "4|257|zstor.toml:2:1: expected_shards: must be between 2 and 256, got 257",
        "256|300|zstor.toml:1:1: minimal_shards: must be between 1 and 255, got 256",
        "-1|6|zstor.toml:1:1: minimal_shards: must be between 1 and 255, got -1",
    })
    void invalidShardCountsAreRejected(int k, int n, String expected) {
        assertThat(problems(valid(shards(k, n, 0, 0), 3, 3))).anySatisfy(p -> assertThat(p).startsWith(expected));
    }

    @Test
    void unsatisfiableRedundancyIsRejected() {
        // 3 groups of 3, one group and one node may fail: 2 groups with at most 2 surviving each = 4 < 5
        List<String> problems = problems(valid(shards(5, 9, 1, 1), 3, 3));
        assertThat(problems).singleElement().asString().startsWith("zstor.toml:3:1: redundant_groups: redundant_groups = 1"
                + " with redundant_nodes = 1 cannot be satisfied: no spread of 9 shards over groups of [3, 3, 3]");
        assertThat(parse(valid(shards(4, 9, 1, 1), 3, 3)).minimalShards()).isEqualTo(4);
    }

    @Test
    void redundantGroupsMustLeaveAGroup() {
        assertThat(problems(valid(shards(2, 4, 2, 0), 2, 2))).singleElement().asString()
                .isEqualTo("zstor.toml:3:1: redundant_groups: must be less than the number of groups (2), got 2");
    }

    @Test
    void tooFewDataBackendsIsRejected() {
        assertThat(problems(valid(shards(4, 6, 0, 0), 1, 5))).singleElement().asString()
                .endsWith(": groups: insufficient data backends, require at least 6, only found 5");
    }

    @Test
    void unknownTopLevelKeysAndRetiredKeysAreErrors() {
        List<String> problems = problems(valid(shards(4, 6, 1, 0) + "\nredundant_node = 2\ndata_shards = 4", 3, 3));
        assertThat(problems).containsExactly(
                "zstor.toml:5:1: unknown key 'redundant_node' (did you mean 'redundant_nodes'?)",
                "zstor.toml:6:1: unknown key 'data_shards': obsolete key, use minimal_shards (data shards) and"
                        + " expected_shards (total shards)");
    }

    @Test
    void unknownKeysInBackendAndMetaConfigTablesAreWarnings() {
        String text = valid().replace("prefix = \"someprefix\"", "prefix = \"someprefix\"\nflavor = 1")
                .replaceFirst("namespace = \"data\"", "namespace = \"data\"\nweight = 3");
        List<String> warnings = new ArrayList<>();
        ZstorConfig config = ConfigLoader.parse(text, "zstor.toml", warnings::add);
        assertThat(config.groups()).hasSize(3);
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).matches("zstor\\.toml:\\d+:1: unknown key '.+'; ignored"));
        assertThat(warnings.get(0)).contains("'meta.config.flavor'");
        assertThat(warnings.get(1)).contains("'groups[0].backends[0].weight'");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        String text = valid().replace("redundant_nodes = 0", "").replace("prefix = \"someprefix\"", "")
                .replace("[compression]\nalgorithm = \"snappy\"", "");
        assertThat(problems(text)).containsExactly(
                "zstor.toml: missing required key 'redundant_nodes'",
                "zstor.toml: missing required key 'compression'",
                at(text, "[meta.config]") + ": missing required key 'meta.config.prefix'");
    }

    @Test
    void wrongTypesAreNamed() {
        String text = valid(shards(4, 6, 1, 0).replace("= 6", "= \"6\"") + "\nprometheus_port = 9100.5\nsocket = 3",
                3, 3).replace("namespace = \"meta\"", "namespace = true");
        assertThat(problems(text)).contains(
                "zstor.toml:2:1: expected_shards: expected an integer, found a string",
                "zstor.toml:5:1: prometheus_port: expected an integer, found a float",
                "zstor.toml:6:1: socket: expected a string, found an integer",
                at(text, "namespace = true", 4) + ": meta.config.backends[3].namespace: expected a string, found a boolean");
        String notTables = valid(shards(1, 2, 0, 0) + "\ngroups = 5", 0, 0);
        assertThat(problems(notTables))
                .containsExactly(at(notTables, "groups = 5") + ": groups: expected an array of tables, found an integer");
    }

    @Test
    void badKeysAreRejectedWithoutShowingThem() {
        String badHex = "zz" + DATA_KEY.substring(2);
        String shortKey = "9988776655";
        String text = valid().replace("key = \"" + DATA_KEY + "\"", "key = \"" + badHex + "\"")
                .replace("key = \"" + META_KEY + "\"", "key = \"" + shortKey + "\"");
        List<String> problems = problems(text);
        assertThat(problems).containsExactly(
                at(text, badHex) + ": encryption.key: invalid hex character at position 1 (the key must be 64 hex chars)",
                at(text, shortKey) + ": meta.config.encryption.key: invalid length 10, expected a hex encoded byte slice of"
                        + " length 32 (64 hex chars)");
        assertThat(String.join("\n", problems)).doesNotContain(badHex.substring(2, 20)).doesNotContain(shortKey);
    }

    @Test
    void secretsNeverShowInToString() {
        ZstorConfig config = parse(valid());
        assertThat(config.toString()).doesNotContain(DATA_KEY.substring(0, 8).toLowerCase())
                .doesNotContain("supersecretpass").doesNotContain("pw\"").contains("****");
    }

    @Test
    void unknownAlgorithmsAndMetaTypesAreRejected() {
        String text = valid().replace("algorithm = \"snappy\"", "algorithm = \"lz4\"")
                .replaceFirst("algorithm = \"AES\"", "algorithm = \"aes\"").replace("type = \"zdb\"", "type = \"etcd\"");
        assertThat(problems(text)).containsExactly(
                at(text, "\"aes\"") + ": encryption.algorithm: unsupported value \"aes\", expected \"AES\"",
                at(text, "lz4") + ": compression.algorithm: unsupported value \"lz4\", expected \"snappy\"",
                at(text, "etcd") + ": meta.type: unsupported value \"etcd\", expected \"zdb\"");
        String level = valid().replace("algorithm = \"snappy\"", "algorithm = \"snappy\"\nlevel = 3");
        assertThat(problems(level)).containsExactly(at(level, "level = 3") + ": unknown key 'compression.level'");
    }

    @Test
    void metadataNeedsExactlyFourBackends() {
        String three = valid().replaceFirst("(?s)\\[\\[meta\\.config\\.backends]]\naddress = \"\\[2a02:1802:5e::dead:beef]:9900\".*?\n\n", "");
        assertThat(problems(three)).containsExactly(
                at(three, "[[meta.config.backends]]") + ": meta.config.backends: exactly 4 metadata backends are required, found 3");
        String five = valid().replaceFirst("\\[\\[groups]]", """
                [[meta.config.backends]]
                address = "10.1.1.1:9900"

                [[groups]]""");
        assertThat(problems(five)).singleElement().asString().endsWith("found 5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost|expected host:port, IPv4:port or [IPv6]:port",
        "1.2.3.4:0|port must be between 1 and 65535",
        "1.2.3.4:70000|port must be between 1 and 65535",
        "1.2.3.256:9900|invalid IPv4 address",
        "1.2.3:9900|invalid IPv4 address",
        "2a02::1:9900|IPv6 addresses must be written in brackets, as [IPv6]:port",
        "[2a02::zz]:9900|invalid IPv6 address",
        "[2a02::1:9900|unterminated IPv6 literal",
        "bad_host!:9900|invalid host name",
        "1.2.3.4:http|invalid port \"http\"",
    })
    void unparsableAddressesAreRejected(String address, String reason) {
        String text = valid().replace("address = \"127.0.0.1:9101\"", "address = \"" + address + "\"");
        assertThat(problems(text)).containsExactly(at(text, address) + ": groups[1].backends[1].address: invalid address \""
                + address + "\": " + reason);
    }

    @Test
    void duplicateBackendsAreRejected() {
        String sameAsFirst = valid().replace("address = \"127.0.0.1:9101\"", "address = \"127.0.0.1:9000\"");
        assertThat(problems(sameAsFirst)).containsExactly(
                at(sameAsFirst, "[[groups.backends]]", 5) + ": groups[1].backends[1]: duplicate backend 127.0.0.1:9000 - data, already used by"
                        + " groups[0].backends[0]");
        String dataOnMeta = valid().replace("address = \"127.0.0.1:9000\"\nnamespace = \"data\"",
                "address = \"[2a02:1802:5e:0::DEAD:beef]:9902\"\nnamespace = \"meta\"");
        assertThat(problems(dataOnMeta)).singleElement().asString()
                .endsWith("duplicate backend [2a02:1802:5e:0::DEAD:beef]:9902 - meta, already used by meta.config.backends[2]");
        String defaultNamespace = valid(shards(1, 2, 0, 0), 0, 0) + """
                [[groups]]
                backends = [ { address = "10.0.0.1:9900" }, { address = "10.0.0.1:9900", namespace = "default" } ]
                """;
        assertThat(problems(defaultNamespace)).singleElement().asString().contains("duplicate backend 10.0.0.1:9900 - default");
    }

    @Test
    void emptyGroupsAndEmptyValuesAreRejected() {
        String text = valid(shards(1, 2, 0, 0), 1, 2) + "\n[[groups]]\nbackends = []\n";
        assertThat(problems(text)).singleElement().asString().endsWith("groups[1].backends: a group needs at least one backend");
        assertThat(problems(valid(shards(1, 2, 0, 0) + "\ngroups = []", 0, 0))).singleElement().asString()
                .endsWith("groups: at least one group of data backends is required");
        String emptyPrefix = valid().replace("prefix = \"someprefix\"", "prefix = \"\"");
        assertThat(problems(emptyPrefix)).containsExactly(at(emptyPrefix, "prefix") + ": meta.config.prefix: must not be empty");
        String emptyNamespace = valid().replaceFirst("namespace = \"data\"", "namespace = \"\"");
        assertThat(problems(emptyNamespace)).containsExactly(
                at(emptyNamespace, "namespace = \"\"") + ": groups[0].backends[0].namespace: must not be empty");
    }

    @Test
    void rangesOfOtherKeysAreChecked() {
        String text = valid(shards(1, 3, 0, 0) + """

                prometheus_port = 70000
                root = "relative/root"
                block_size = 16777216
                blocks_in_flight = 0
                zdb_timeout_secs = -1""", 3, 3);
        assertThat(problems(text)).containsExactly(
                "zstor.toml:5:1: prometheus_port: must be between 1 and 65535, got 70000",
                "zstor.toml:6:1: root: must be an absolute path",
                "zstor.toml:7:1: block_size: 16777216 bytes over minimal_shards = 1 gives pieces of 16777216 bytes,"
                        + " above the 0-db value limit; use at most 8323072",
                "zstor.toml:8:1: blocks_in_flight: must be between 1 and 1024, got 0",
                "zstor.toml:9:1: zdb_timeout_secs: must be between 1 and 3600, got -1 (seconds)");
        assertThat(parse(valid(shards(4, 6, 1, 0) + "\nblock_size = 16777216", 3, 3)).tuning().blockSize())
                .isEqualTo(16 << 20);
    }

    @Test
    void halfConfiguredDataDirIsAWarning() {
        List<String> warnings = new ArrayList<>();
        ConfigLoader.parse(valid(shards(4, 6, 1, 0) + "\nzdb_data_dir_path = \"/data\"", 3, 3), "c.toml", warnings::add);
        assertThat(warnings).containsExactly("c.toml:5:1: zdb_data_dir_path has no effect without max_zdb_data_dir_size");
    }

    @Test
    void reportsManyProblemsAtOnceInFileOrder() {
        String text = valid(shards(0, 300, 1, 0), 3, 3).replace("algorithm = \"snappy\"", "algorithm = \"zstd\"");
        List<String> problems = problems(text);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("zstor.toml:1:1: minimal_shards");
        assertThat(problems.get(1)).startsWith("zstor.toml:2:1: expected_shards");
        assertThat(problems.get(2)).startsWith(at(text, "zstd") + ": compression.algorithm");
    }

    @Test
    void loadsFilesAndReportsUnreadableOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("zstor.toml");
        Files.writeString(file, valid());
        assertThat(ConfigLoader.load(file).expectedShards()).isEqualTo(6);

        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.toml"))).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("missing.toml") + ": could not open config file: no such file");
        Path binary = dir.resolve("binary.toml");
        Files.write(binary, new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> ConfigLoader.load(binary)).isInstanceOf(ConfigException.class)
                .hasMessage(binary + ": could not read config file: not valid UTF-8");
        Path broken = dir.resolve("broken.toml");
        Files.write(broken, valid().replace("minimal_shards = 4", "minimal_shards = 0").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ConfigLoader.load(broken)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(broken + ":1:1: minimal_shards");
        assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir + ": could not read config file");
    }

    @Test
    void ipv6ScopesAndSpellingsAreKept() {
        String text = valid(shards(1, 2, 0, 0), 0, 0) + """
                [[groups]]
                backends = [ { address = "[fe80::1%eth0]:9900" }, { address = "[::ffff:10.0.0.1]:9900" } ]
                """;
        ZstorConfig config = parse(text);
        assertThat(config.groups().get(0).backends()).extracting(BackendSpec::address)
                .containsExactly("[fe80::1%eth0]:9900", "[::ffff:10.0.0.1]:9900");
        assertThat(config.groups().get(0).backends().get(0).password()).isEqualTo(Optional.empty());
    }

    @Test
    void syntaxErrorsDoNotQuoteTheBrokenLine() {
        String text = valid("minimal_shards = 2\nexpected_shards = 3", 1, 3)
                .replace("password = \"supersecretpass\"", "password = \"x\" supersecretpass");
        assertThatThrownBy(() -> ConfigLoader.parse(text, "broken.toml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("syntax error")
                .hasMessageContaining("15 characters")
                .hasMessageNotContaining("supersecretpass");
    }
}
