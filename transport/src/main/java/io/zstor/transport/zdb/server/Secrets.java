package io.zstor.transport.zdb.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Password checks of 0-db: constant-time plain comparison, the SECURE challenge nonce (8 random bytes as 16
 * lowercase hex digits) and its expected answer {@code hex(sha1("nonce:password"))}.
 */
final class Secrets {

    private final SecureRandom random;

    Secrets() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        r.nextBytes(new byte[8]); // seed now, on the starting thread, never later on an event loop
        this.random = r;
    }

    /** A fresh 16-hex-digit nonce. */
    String nonce() {
        byte[] b = new byte[8];
        synchronized (random) {
            random.nextBytes(b);
        }
        return HexFormat.of().formatHex(b);
    }

    /** Constant-time equality of a given and an expected password. */
    static boolean matches(byte[] given, String expected) {
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether {@code hash} (40 hex digits, any case) equals sha1("nonce:password"). */
    static boolean secureMatches(String nonce, String password, byte[] hash) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((nonce + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
            byte[] expected = HexFormat.of().formatHex(d).getBytes(StandardCharsets.US_ASCII);
            byte[] lower = new String(hash, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT)
                    .getBytes(StandardCharsets.ISO_8859_1);
            return MessageDigest.isEqual(expected, lower);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /** Whether {@code word} is a case-insensitive prefix of SECURE, as 0-db matches it. */
    static boolean isSecureWord(byte[] word) {
        String w = new String(word, StandardCharsets.ISO_8859_1);
        return w.length() <= 6 && "SECURE".regionMatches(true, 0, w, 0, w.length());
    }
}
