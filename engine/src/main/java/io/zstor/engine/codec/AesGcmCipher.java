package io.zstor.engine.codec;

import io.zstor.engine.backend.Secret;
import java.nio.ByteBuffer;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM through the JDK's own provider, sealing each unit as {@code nonce(12) || ciphertext ||
 * tag(16)} with a fresh random nonce: the layout the original writes, so its data opens here.
 *
 * <p>Which buffers: it depends on the JDK ({@link #prefersHeapBuffers()}). JDK 17 reaches its AES-NI/VPCLMULQDQ
 * fast path only from a direct source (GB/s; a heap source stays at ~110 MB/s), and opens fastest from a
 * direct source into a heap array (4.3 GB/s per CPU second against 3.4 into a direct buffer; it copies a
 * direct output through an array). From JDK 18 on the JDK has a one-pass AES-GCM intrinsic for arrays: heap
 * to heap then runs at 13-16 GB/s, against 3.5-3.9 for direct buffers (JDK 25, 4 MiB units, an AVX-512
 * host; {@code perf}'s {@code GcmBufferKinds}).
 * Even on its fast path a cold JVM encrypts at ~50 MB/s until the JIT has compiled the
 * JDK's GCM code (measured: the first 5-10 seals of 4 MiB, or about 3,000 small seals first), so a
 * long-running process reaches GB/s and a one-shot command may not. {@link #warmUp()} fixes that for
 * about 0.5 s of CPU once per JVM; see {@code perf/results/codecs.md}.
 *
 * <p>Thread-safe: each thread uses its own {@link Cipher}. Nonces come from one shared, already-seeded
 * DRBG so generating them never reads an entropy device (no blocking call on a reactor thread). The key
 * is never part of {@link #toString()} or of any error message.
 */
public final class AesGcmCipher implements AeadCipher {

    /** AES-256 key length in bytes. */
    public static final int KEY_LENGTH = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = TAG_LENGTH * 8;
    private static final byte[] NO_AAD = new byte[0];

    private static final AtomicBoolean WARMED = new AtomicBoolean();
    private static final int WARM_UP_UNITS = 4_000;
    private static final int WARM_UP_UNIT_LENGTH = 1024;

    /** Whether the JDK has the one-pass GCM intrinsic for arrays (JDK 18 and later). */
    private static final boolean ARRAYS_FAST = hasOnePassIntrinsic();

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcmCipher::newCipher);

    /**
     * @param key the 32-byte AES-256 key
     * @throws IllegalArgumentException when the key is not 32 bytes
     */
    public AesGcmCipher(Secret key) {
        byte[] raw = Objects.requireNonNull(key, "key").revealBytes();
        try {
            if (raw.length != KEY_LENGTH) {
                throw new IllegalArgumentException(
                        "AES-256 key must be " + KEY_LENGTH + " bytes, got " + raw.length);
            }
            this.key = new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        NonceSource.ensureSeeded(); // seeds the DRBG now, on the caller's thread, not later on a reactor thread
    }

    /**
     * Gets the JDK's AES-GCM code compiled (the GB/s path) by sealing and opening 4,000 units of 16 KiB
     * with a throwaway key: about 0.5 s of CPU, once per JVM; later calls return at once. Measured: without
     * it a cold JDK 17 encrypts 4 MiB units at ~70 MB/s for a long time; with it, at ~2 GB/s after the first
     * few units (JDK 25 recovers by itself after one unit).
     * CPU-bound; call it at startup on a worker thread, not on an event loop.
     */
    public static void warmUp() {
        if (!WARMED.compareAndSet(false, true)) {
            return;
        }
        byte[] throwaway = new byte[KEY_LENGTH];
        NonceSource.INSTANCE.nextBytes(throwaway);
        AesGcmCipher cipher = new AesGcmCipher(Secret.ofBytes(throwaway));
        // the buffer kinds the pipeline uses: seal from and into the preferred kind, open into an array
        ByteBuffer plain = preferred(WARM_UP_UNIT_LENGTH);
        ByteBuffer sealed = preferred(WARM_UP_UNIT_LENGTH + OVERHEAD);
        ByteBuffer opened = ByteBuffer.allocate(WARM_UP_UNIT_LENGTH);
        for (int i = 0; i < WARM_UP_UNITS; i++) {
            cipher.seal(plain.clear(), sealed.clear(), NO_AAD);
            cipher.open(sealed.flip(), opened.clear(), NO_AAD, "warm-up unit");
        }
    }

    @Override
    public int seal(ByteBuffer src, ByteBuffer dst, byte[] associatedData) {
        int length = src.remaining();
        if (dst.remaining() < length + OVERHEAD) {
            throw new IllegalArgumentException("AES-GCM output buffer too small: need " + (length + OVERHEAD)
                    + " bytes, have " + dst.remaining());
        }
        byte[] nonce = new byte[NONCE_LENGTH];
        NonceSource.INSTANCE.nextBytes(nonce);
        Cipher cipher = ciphers.get();
        int start = dst.position();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            updateAad(cipher, associatedData);
            dst.put(nonce);
            int written = cipher.doFinal(src, dst);
            return NONCE_LENGTH + written;
        } catch (GeneralSecurityException e) {
            dst.position(start);
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public int open(ByteBuffer src, ByteBuffer dst, byte[] associatedData, String what) {
        int length = src.remaining();
        if (length < OVERHEAD) {
            throw new AuthenticationFailedException(what + " (only " + length + " bytes, shorter than nonce and tag)");
        }
        int plainLength = length - OVERHEAD;
        if (dst.remaining() < plainLength) {
            throw new IllegalArgumentException("AES-GCM output buffer too small: need " + plainLength
                    + " bytes, have " + dst.remaining());
        }
        int srcStart = src.position();
        int dstStart = dst.position();
        byte[] nonce = new byte[NONCE_LENGTH];
        src.get(nonce);
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            updateAad(cipher, associatedData);
            return cipher.doFinal(src, dst);
        } catch (AEADBadTagException e) {
            restore(src, srcStart, dst, dstStart);
            throw new AuthenticationFailedException(what);
        } catch (GeneralSecurityException | IllegalStateException e) {
            restore(src, srcStart, dst, dstStart);
            AuthenticationFailedException failure = new AuthenticationFailedException(what);
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True where the JDK has its one-pass AES-GCM code for arrays (JDK 18 and later), false on JDK 17.
     */
    @Override
    public boolean prefersHeapBuffers() {
        return ARRAYS_FAST;
    }

    private static ByteBuffer preferred(int capacity) {
        return ARRAYS_FAST ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
    }

    /** Whether the JDK's GCM has {@code implGCMCrypt0}, the intrinsic that made arrays its fast path. */
    private static boolean hasOnePassIntrinsic() {
        try {
            for (var m : Class.forName("com.sun.crypto.provider.GaloisCounterMode").getDeclaredMethods()) {
                if (m.getName().equals("implGCMCrypt0")) {
                    return true;
                }
            }
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            // another provider or a restricted JVM: keep the direct buffers that are fast everywhere
        }
        return false;
    }

    private static void updateAad(Cipher cipher, byte[] associatedData) {
        byte[] aad = associatedData == null ? NO_AAD : associatedData;
        if (aad.length > 0) {
            cipher.updateAAD(aad);
        }
    }

    private static void restore(ByteBuffer src, int srcStart, ByteBuffer dst, int dstStart) {
        src.position(srcStart);
        dst.position(dstStart);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + TRANSFORMATION, e);
        }
    }

    @Override
    public String toString() {
        return "AesGcmCipher[AES-256-GCM]";
    }

    /** The process-wide nonce generator: a DRBG seeded once at class initialisation. */
    private static final class NonceSource {
        static final SecureRandom INSTANCE = create();

        /** Triggers class initialisation, which seeds {@link #INSTANCE}. */
        static void ensureSeeded() {
            // nothing else to do
        }

        private static SecureRandom create() {
            SecureRandom random;
            try {
                random = SecureRandom.getInstance("DRBG",
                        DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            } catch (NoSuchAlgorithmException e) {
                random = new SecureRandom();
            }
            random.nextBytes(new byte[NONCE_LENGTH]); // forces seeding here
            return random;
        }
    }
}
