package io.zstor.engine.backend;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password or key kept out of logs: {@link #toString()} never shows the value.
 */
public final class Secret {
    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value.clone();
    }

    /** Wraps a UTF-8 password. */
    public static Secret of(String value) {
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps raw bytes (copied). */
    public static Secret ofBytes(byte[] value) {
        return new Secret(value);
    }

    /** The secret as UTF-8 text; only for sending it where it belongs. */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** A copy of the raw bytes; only for sending it where it belongs. */
    public byte[] revealBytes() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "****";
    }
}
