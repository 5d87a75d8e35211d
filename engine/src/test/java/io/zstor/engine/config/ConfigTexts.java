package io.zstor.engine.config;

/** Config texts shared by the config tests. */
final class ConfigTexts {
    static final String DATA_KEY = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef";
    static final String META_KEY = "0101010101010101010101010101010101010101010101010101010101010101";

    private ConfigTexts() {
    }

    /** The shard keys, then the tables; {@code groups} x {@code perGroup} data backends on 127.0.0.1. */
    static String valid(String shardKeys, int groups, int perGroup) {
        StringBuilder text = new StringBuilder(shardKeys).append('\n').append("""
                [encryption]
                algorithm = "AES"
                key = "%s"

                [compression]
                algorithm = "snappy"

                [meta]
                type = "zdb"

                [meta.config]
                prefix = "someprefix"

                [meta.config.encryption]
                algorithm = "AES"
                key = "%s"

                [[meta.config.backends]]
                address = "[2a02:1802:5e::dead:beef]:9900"
                namespace = "meta"
                password = "supersecretpass"

                [[meta.config.backends]]
                address = "[2a02:1802:5e::dead:beef]:9901"
                namespace = "meta"
                password = "supersecretpass"

                [[meta.config.backends]]
                address = "[2a02:1802:5e::dead:beef]:9902"
                namespace = "meta"
                password = "supersecretpass"

                [[meta.config.backends]]
                address = "[2a02:1802:5e::dead:beef]:9903"
                namespace = "meta"
                password = "supersecretpass"
                """.formatted(DATA_KEY, META_KEY));
        for (int g = 0; g < groups; g++) {
            text.append("\n[[groups]]\n");
            for (int b = 0; b < perGroup; b++) {
                text.append("[[groups.backends]]\naddress = \"127.0.0.1:").append(9000 + g * 100 + b)
                        .append("\"\nnamespace = \"data\"\npassword = \"pw\"\n");
            }
        }
        return text.toString();
    }

    /** A 4+2 config over 3 groups of 3 tolerating one group and no node loss. */
    static String valid() {
        return valid("""
                minimal_shards = 4
                expected_shards = 6
                redundant_groups = 1
                redundant_nodes = 0""", 3, 3);
    }
}
