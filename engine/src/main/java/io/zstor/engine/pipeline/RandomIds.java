package io.zstor.engine.pipeline;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random object ids and metadata generations from a DRBG that is seeded once, when this class loads (the
 * engine loads it at construction, off reactor threads), so later calls never read {@code /dev/urandom}
 * on a reactor thread.
 */
public final class RandomIds {

    private static final SecureRandom RANDOM = create();

    private RandomIds() {
    }

    private static SecureRandom create() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        random.nextBytes(new byte[16]);
        return random;
    }

    /** Forces seeding now (call off reactor threads). */
    public static void init() {
        RANDOM.nextInt();
    }

    /** {@code length} random bytes. */
    public static byte[] next(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }
}
