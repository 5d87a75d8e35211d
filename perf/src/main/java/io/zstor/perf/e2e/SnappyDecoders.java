package io.zstor.perf.e2e;

import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.xerial.snappy.Snappy;

/**
 * How fast a block of the end-to-end benchmark's compressible data uncompresses, per CPU-second of one
 * thread, with the snappy-java JNI library zstor uses (arrays, as a retrieve calls it, and direct buffers)
 * and with aircompressor's pure-Java snappy, the alternative on Maven Central. Uncompressing is the largest
 * cost of retrieving compressible data (about half of a warm daemon's CPU), so this is the floor of that
 * retrieve's CPU per GiB on a host.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.zstor.perf.e2e.SnappyDecoders [rounds]}: one 4 MiB block (the
 * default {@code block_size}), 25 uncompressions per round and decoder, decoders interleaved.
 */
public final class SnappyDecoders {

    private static final int BLOCK = 4 << 20;
    private static final int PER_ROUND = 25;

    private SnappyDecoders() {
    }

    /** Prints the compression ratio, then one line per round and decoder. */
    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path file = Files.createTempFile("snappy-decoders", ".bin");
        byte[] plain;
        try {
            DataKind.COMPRESSIBLE.write(file, BLOCK);
            plain = Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
        byte[] compressed = Snappy.compress(plain);
        System.out.printf(Locale.ROOT, "JDK %s, %d-byte block compressed to %.3f of its size%n", Runtime.version(),
                BLOCK, compressed.length / (double) BLOCK);
        byte[] out = new byte[BLOCK];
        ByteBuffer directIn = ByteBuffer.allocateDirect(compressed.length).put(compressed).flip();
        ByteBuffer directOut = ByteBuffer.allocateDirect(BLOCK);
        SnappyDecompressor air = new SnappyDecompressor();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] decoders = {"snappy-java arrays", "snappy-java direct", "aircompressor arrays"};
        for (int round = 1; round <= rounds; round++) {
            for (String decoder : decoders) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < PER_ROUND; i++) {
                    int n = switch (decoder) {
                        case "snappy-java arrays" -> Snappy.uncompress(compressed, 0, compressed.length, out, 0);
                        case "snappy-java direct" -> Snappy.uncompress(directIn.rewind(), directOut.clear());
                        default -> air.decompress(compressed, 0, compressed.length, out, 0, BLOCK);
                    };
                    if (n != BLOCK) {
                        throw new IllegalStateException(decoder + " gave " + n + " bytes");
                    }
                }
                double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
                if (decoder.endsWith("direct")) {
                    directOut.get(0, out); // checked below like the others
                }
                if (!Arrays.equals(out, plain)) {
                    throw new IllegalStateException(decoder + " gave other bytes");
                }
                Arrays.fill(out, (byte) 0);
                System.out.printf(Locale.ROOT, "round %d %s: %.0f MB per CPU-s%n", round, decoder,
                        (double) BLOCK * PER_ROUND / seconds / 1e6);
            }
        }
    }
}
