package io.zstor.transport.zdb.client;

import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parses the text of an {@code NSINFO} reply ({@code name: value} lines separated by {@code \n}, a
 * {@code # namespace} header) into a {@link NamespaceInfo}. Tolerant by design, unlike the original client
 * (which aborted on a missing flag): fields are found by name in any order, unknown fields are kept in
 * {@link NamespaceInfo#raw()}, missing or unparsable numbers read as 0, missing flags as false and an
 * unknown mode as {@code null}.
 */
public final class NamespaceInfoParser {

    private NamespaceInfoParser() {
    }

    /** Parses reply bytes (UTF-8); {@code requestedName} is used when the reply has no {@code name} line. */
    public static NamespaceInfo parse(byte[] reply, String requestedName) {
        return parse(new String(reply, StandardCharsets.UTF_8), requestedName);
    }

    /** Parses reply text; {@code requestedName} is used when the reply has no {@code name} line. */
    public static NamespaceInfo parse(String reply, String requestedName) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String rawLine : reply.split("\n")) {
            String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        String name = fields.getOrDefault("name", requestedName);
        String spaceAvailable = fields.get("space_available");
        return new NamespaceInfo(
                name,
                number(fields, "entries"),
                number(fields, "data_size_bytes"),
                number(fields, "data_limits_bytes"),
                number(fields, "index_size_bytes"),
                mode(fields.get("mode")),
                flag(fields, "public"),
                flag(fields, "password"),
                flag(fields, "worm"),
                flag(fields, "locked"),
                spaceAvailable == null || parseLong(spaceAvailable) == null
                        ? OptionalLong.empty() : OptionalLong.of(parseLong(spaceAvailable)),
                number(fields, "data_disk_freespace_bytes"),
                number(fields, "index_disk_freespace_bytes"),
                number(fields, "stats_data_io_errors"),
                number(fields, "stats_data_faults"),
                number(fields, "stats_index_io_errors"),
                number(fields, "stats_index_faults"),
                Collections.unmodifiableMap(fields));
    }

    private static NamespaceMode mode(String value) {
        if (value == null) {
            return null;
        }
        for (NamespaceMode m : NamespaceMode.values()) {
            if (m.nsinfoName().equalsIgnoreCase(value)) {
                return m;
            }
        }
        return null;
    }

    private static boolean flag(Map<String, String> fields, String key) {
        String v = fields.get(key);
        return v != null && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static long number(Map<String, String> fields, String key) {
        String v = fields.get(key);
        Long parsed = v == null ? null : parseLong(v);
        return parsed == null ? 0L : parsed;
    }

    private static Long parseLong(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            try {
                // unsigned 64-bit values above Long.MAX_VALUE (disk sizes never are, but be tolerant)
                return Long.parseUnsignedLong(v.strip()) < 0 ? Long.MAX_VALUE : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }
}
