package io.zstor.engine.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;

/**
 * Writes the Snappy framing format as the original does (Rust {@code snap::write::FrameEncoder}): the
 * stream identifier before the first chunk, then chunks of at most 65,536 uncompressed bytes, each with the
 * masked CRC-32C of its uncompressed bytes, stored compressed (type 0x00) only when that saves at least 1/8
 * and uncompressed (type 0x01) otherwise. An empty stream encodes to zero bytes.
 *
 * <p>Used to produce objects in the original's layout and to test {@link SnappyFrameDecoder}. One instance
 * encodes one stream and is not thread-safe; its scratch memory is fixed (about 140 KiB).
 */
public final class SnappyFrameEncoder {

    private static final int MAX_COMPRESSED = Snappy.maxCompressedLength(SnappyFraming.MAX_CHUNK_DATA);

    private final byte[] input = new byte[SnappyFraming.MAX_CHUNK_DATA];
    private final byte[] output = new byte[MAX_COMPRESSED];
    private boolean started;

    /** Upper bound of the bytes {@link #encode} writes for {@code length} input bytes (incl. the identifier). */
    public static long maxEncodedLength(long length) {
        long chunks = (length + SnappyFraming.MAX_CHUNK_DATA - 1) / SnappyFraming.MAX_CHUNK_DATA;
        return SnappyFraming.STREAM_IDENTIFIER.length + chunks * SnappyFraming.CHUNK_HEADER + length;
    }

    /**
     * Encodes all of {@code src} (heap or direct) into {@code dst} as whole chunks, advancing both. Several
     * calls continue one stream; the identifier is written once, before the first chunk.
     *
     * @return bytes written
     * @throws java.nio.BufferOverflowException when {@code dst} has less than {@link #maxEncodedLength}
     */
    public int encode(ByteBuffer src, ByteBuffer dst) {
        int start = dst.position();
        if (!src.hasRemaining()) {
            return 0;
        }
        if (!started) {
            dst.put(SnappyFraming.STREAM_IDENTIFIER);
            started = true;
        }
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), SnappyFraming.MAX_CHUNK_DATA);
            src.get(input, 0, n);
            int crc = SnappyFraming.maskedCrc32c(input, 0, n);
            int compressed;
            try {
                compressed = Snappy.compress(input, 0, n, output, 0);
            } catch (IOException e) {
                throw new IllegalStateException("snappy compression failed: " + e.getMessage(), e);
            }
            if (compressed < n - n / 8) {
                SnappyFraming.putHeader(dst, SnappyFraming.TYPE_COMPRESSED, compressed + 4, crc);
                dst.put(output, 0, compressed);
            } else {
                SnappyFraming.putHeader(dst, SnappyFraming.TYPE_UNCOMPRESSED, n + 4, crc);
                dst.put(input, 0, n);
            }
        }
        return dst.position() - start;
    }
}
