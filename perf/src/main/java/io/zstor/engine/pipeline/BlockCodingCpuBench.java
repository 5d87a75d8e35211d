package io.zstor.engine.pipeline;

import io.zstor.engine.StandardCodecs;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.meta.BlockMeta;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One coding thread's cost of a block, store side ({@link BlockEncoder}: checksum, snappy, AES-256-GCM, Reed-Solomon,
 * piece checksums) and retrieve side ({@link BlockDecoder#open}: gather, AES-256-GCM, snappy, checksum), in MB
 * of plaintext per second of the thread's CPU time, for 4 MiB blocks of random bytes and of word text, 4+2.
 * In the engine's package because both classes are package-private; lives in perf, not in the engine jar.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * io.zstor.engine.pipeline.BlockCodingCpuBench}: 8 warm-up rounds, then the median and range of 12 rounds
 * of 16 blocks each.
 */
public final class BlockCodingCpuBench {

    private static final int BLOCK = 4 << 20;
    private static final int BLOCKS = 16;
    private static final int WARM_UP = 8;
    private static final int ROUNDS = 12;

    private BlockCodingCpuBench() {
    }

    /** Prints a line per kind of data. */
    public static void main(String[] args) {
        Codecs codecs = StandardCodecs.codecs();
        AeadCipher cipher = codecs.cipher().forKey(Secret.ofBytes(new byte[32]));
        ErasureCoder coder = codecs.erasure().create(4, 2);
        byte[] id = new byte[16];
        BlockEncoder encoder = new BlockEncoder(codecs.compressor(), cipher, coder, id);
        BlockDecoder decoder = new BlockDecoder(codecs.compressor(), cipher, coder, id, "bench");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("JDK " + Runtime.version() + ", cipher prefers heap buffers: " + cipher.prefersHeapBuffers());
        for (boolean text : new boolean[] {false, true}) {
            byte[] data = text ? text() : random();
            List<EncodedBlock> blocks = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                blocks.add(encoder.encode(new Block(i, data, BLOCK)));
            }
            byte[] out = new byte[BLOCK];
            double[] encode = new double[ROUNDS];
            double[] decode = new double[ROUNDS];
            for (int round = 0; round < WARM_UP + ROUNDS; round++) {
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < BLOCKS; i++) {
                    encoder.encode(new Block(i, data, BLOCK));
                }
                long t1 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < BLOCKS; i++) {
                    EncodedBlock e = blocks.get(i);
                    BlockMeta meta = new BlockMeta(e.plainLength(), e.plainChecksum(), e.compressed(), e.sealedLength(),
                            List.of());
                    decoder.open(i, meta, e.pieces(), n -> out);
                }
                long t2 = threads.getCurrentThreadCpuTime();
                if (round >= WARM_UP) {
                    encode[round - WARM_UP] = (double) BLOCKS * BLOCK / ((t1 - t0) / 1e3);
                    decode[round - WARM_UP] = (double) BLOCKS * BLOCK / ((t2 - t1) / 1e3);
                }
            }
            if (!Arrays.equals(out, data)) {
                throw new AssertionError("the last block decoded differs from the input");
            }
            Arrays.sort(encode);
            Arrays.sort(decode);
            System.out.printf(Locale.ROOT, "%s: encode %.0f MB per CPU-s (%.0f-%.0f), decode %.0f (%.0f-%.0f)%n",
                    text ? "text" : "random", encode[ROUNDS / 2], encode[0], encode[ROUNDS - 1], decode[ROUNDS / 2],
                    decode[0], decode[ROUNDS - 1]);
        }
    }

    private static byte[] random() {
        byte[] data = new byte[BLOCK];
        new Random(1).nextBytes(data);
        return data;
    }

    private static byte[] text() {
        String[] words = "alpha beta gamma delta storage block piece zero db erasure code".split(" ");
        Random r = new Random(1);
        StringBuilder sb = new StringBuilder(BLOCK + 16);
        while (sb.length() < BLOCK) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), BLOCK);
    }
}
