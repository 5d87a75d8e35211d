package io.zstor.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's AES-256-GCM on 4 MiB units for each kind of source and destination buffer (d = direct, h =
 * heap): which one a JDK is fast on decides {@code AesGcmCipher.prefersHeapBuffers()}. MB per second of the
 * benchmark thread's CPU time, after as many rounds as asked (the first rounds include the JIT).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.zstor.perf.GcmBufferKinds [rounds]}.
 */
public final class GcmBufferKinds {

    private static final int UNIT = 4 << 20;
    private static final int UNITS_PER_ROUND = 40;
    private static final String[] KINDS = {"dd", "hh", "hd", "dh"};

    private GcmBufferKinds() {
    }

    /** Prints one line per round, operation and kind pair. */
    public static void main(String[] args) throws GeneralSecurityException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[32];
        random.nextBytes(k);
        SecretKeySpec key = new SecretKeySpec(k, "AES");
        byte[] plain = new byte[UNIT];
        random.nextBytes(plain);
        byte[] nonce = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(plain);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("JDK " + Runtime.version());
        for (int round = 1; round <= rounds; round++) {
            for (boolean seal : new boolean[] {true, false}) {
                for (String kind : KINDS) {
                    byte[] input = seal ? plain : sealed;
                    ByteBuffer src = buffer(kind.charAt(0), input.length).put(input).flip();
                    ByteBuffer dst = buffer(kind.charAt(1), UNIT + 16);
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < UNITS_PER_ROUND; i++) {
                        src.rewind();
                        dst.clear();
                        if (seal) {
                            nonce[0]++; // a fresh nonce per seal, as GCM demands of one key
                        }
                        cipher.init(seal ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128,
                                seal ? nonce : new byte[12]));
                        cipher.doFinal(src, dst);
                    }
                    double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "round %d %s %s: %.0f MB per CPU-s%n", round, seal ? "seal" : "open",
                            kind, (double) UNIT * UNITS_PER_ROUND / seconds / 1e6);
                }
            }
        }
    }

    private static ByteBuffer buffer(char kind, int capacity) {
        return kind == 'd' ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }
}
