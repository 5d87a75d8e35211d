package io.zstor.transport.zdb.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One decoded RESP request: the command name and its binary-safe arguments, fully read and bounded by
 * {@link RespRequestDecoder}'s limits.
 */
final class ZdbRequest {

    private final byte[][] parts;

    ZdbRequest(byte[][] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a request has at least a command name");
        }
        this.parts = parts;
    }

    /** Upper-case command name (ISO-8859-1, so any byte maps to one char). */
    String command() {
        return new String(parts[0], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /** Number of arguments after the command name. */
    int argCount() {
        return parts.length - 1;
    }

    /** Argument {@code i} (0 = first after the command name). */
    byte[] arg(int i) {
        return parts[i + 1];
    }

    /** Argument {@code i} as an ISO-8859-1 string (byte-preserving). */
    String argString(int i) {
        return new String(parts[i + 1], StandardCharsets.ISO_8859_1);
    }

    /** Total payload bytes, for accounting. */
    long size() {
        long n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }
}
