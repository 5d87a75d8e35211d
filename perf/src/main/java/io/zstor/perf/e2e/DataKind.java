package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The content of a benchmark file: {@code random} bytes (incompressible: snappy keeps blocks raw) or
 * {@code compressible} text (lines of words drawn from a fixed 1,000-word vocabulary; snappy brings it to
 * about half). Both are deterministic (fixed seeds) and every MiB differs from the others.
 */
enum DataKind {
    RANDOM, COMPRESSIBLE;

    private static final int CHUNK = 1 << 20;
    private static final int TEXT_VARIANTS = 16;

    /** Parses {@code random} or {@code compressible}. */
    static DataKind parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "random" -> RANDOM;
            case "compressible", "text" -> COMPRESSIBLE;
            default -> throw new IllegalArgumentException("--data takes random or compressible, got " + s);
        };
    }

    /** Lower-case name as used on the command line and in the report. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Writes {@code size} bytes of this kind to {@code file} (replacing it). */
    void write(Path file, long size) throws IOException {
        write(file, size, 42);
    }

    /** Writes {@code size} bytes of this kind to {@code file} (replacing it); other seeds give other bytes. */
    void write(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] text = this == COMPRESSIBLE ? textChunks(random) : null;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            long chunk = 0;
            while (written < size) {
                buf.clear();
                if (text == null) {
                    while (buf.remaining() >= Long.BYTES) {
                        buf.putLong(random.nextLong());
                    }
                } else {
                    buf.put(text[(int) (chunk % TEXT_VARIANTS)]);
                    buf.putLong(0, chunk); // every MiB differs
                }
                buf.flip();
                buf.limit((int) Math.min(CHUNK, size - written));
                while (buf.hasRemaining()) {
                    written += ch.write(buf);
                }
                chunk++;
            }
        }
    }

    private static byte[][] textChunks(SplittableRandom random) {
        String[] words = new String[1000];
        for (int i = 0; i < words.length; i++) {
            char[] w = new char[3 + random.nextInt(8)];
            for (int j = 0; j < w.length; j++) {
                w[j] = (char) ('a' + random.nextInt(26));
            }
            words[i] = new String(w);
        }
        byte[][] chunks = new byte[TEXT_VARIANTS][];
        for (int c = 0; c < TEXT_VARIANTS; c++) {
            StringBuilder sb = new StringBuilder(CHUNK + 100);
            int onLine = 0;
            while (sb.length() < CHUNK) {
                sb.append(words[random.nextInt(words.length)]);
                if (++onLine == 12) {
                    sb.append(".\n");
                    onLine = 0;
                } else {
                    sb.append(' ');
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
            chunks[c] = java.util.Arrays.copyOf(b, CHUNK);
        }
        return chunks;
    }
}
