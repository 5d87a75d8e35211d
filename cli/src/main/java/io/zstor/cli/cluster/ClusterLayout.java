package io.zstor.cli.cluster;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The shape of a local cluster and the {@code zstor.toml} that uses it: 4 metadata backends (user-key mode)
 * and N data backends (sequential mode) split over G groups, with a redundancy policy that placement can
 * satisfy: parity = max(1, N/3) shards, and one backend per group may be lost when parity covers it.
 */
public record ClusterLayout(int dataBackends, int groups, int minimalShards, int expectedShards,
                            int redundantGroups, int redundantNodes) {

    /** Validates the numbers and derives the redundancy policy when {@code minimalShards} is 0. */
    public static ClusterLayout of(int dataBackends, int groups, int minimalShards) {
        if (dataBackends < 2) {
            throw new IllegalArgumentException("--data-backends must be at least 2");
        }
        if (groups < 1 || groups > dataBackends) {
            throw new IllegalArgumentException("--groups must be between 1 and --data-backends (" + dataBackends + ")");
        }
        int expected = dataBackends;
        int minimal = minimalShards > 0 ? minimalShards : expected - Math.max(1, expected / 3);
        if (minimal >= expected) {
            throw new IllegalArgumentException("--minimal-shards must be below the number of data backends (" + expected + ")");
        }
        int parity = expected - minimal;
        int nodes = parity >= groups ? 1 : 0;
        return new ClusterLayout(dataBackends, groups, minimal, expected, 0, nodes);
    }

    /** The group index of data backend {@code i}: backends are dealt to groups in contiguous runs. */
    public int groupOf(int i) {
        return (int) ((long) i * groups / dataBackends);
    }

    /** The config text for these metadata and data addresses, with fresh random keys. */
    public String toml(List<String> metaAddresses, List<String> dataAddresses, String comment) {
        SecureRandom random = new SecureRandom();
        StringBuilder t = new StringBuilder();
        t.append("# ").append(comment).append('\n');
        t.append("minimal_shards = ").append(minimalShards).append('\n');
        t.append("expected_shards = ").append(expectedShards).append('\n');
        t.append("redundant_groups = ").append(redundantGroups).append('\n');
        t.append("redundant_nodes = ").append(redundantNodes).append('\n');
        t.append("\n[encryption]\nalgorithm = \"AES\"\nkey = \"").append(key(random)).append("\"\n");
        t.append("\n[compression]\nalgorithm = \"snappy\"\n");
        t.append("\n[meta]\ntype = \"zdb\"\n\n[meta.config]\nprefix = \"zstor-meta\"\n");
        t.append("\n[meta.config.encryption]\nalgorithm = \"AES\"\nkey = \"").append(key(random)).append("\"\n");
        for (String a : metaAddresses) {
            t.append("\n[[meta.config.backends]]\naddress = \"").append(a).append("\"\n");
        }
        List<List<String>> byGroup = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            byGroup.add(new ArrayList<>());
        }
        for (int i = 0; i < dataAddresses.size(); i++) {
            byGroup.get(groupOf(i)).add(dataAddresses.get(i));
        }
        for (List<String> group : byGroup) {
            t.append("\n[[groups]]\n");
            for (String a : group) {
                t.append("\n[[groups.backends]]\naddress = \"").append(a).append("\"\n");
            }
        }
        return t.toString();
    }

    private static String key(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return HexFormat.of().formatHex(k);
    }
}
