package io.zstor.engine.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Raw Snappy block compression through snappy-java's native library, one independent block per call.
 *
 * <p>Compression must pay: a block is reported as "store raw" ({@code -1} from {@link #compress}) unless
 * it shrinks by at least 1/32, so incompressible data costs nothing on retrieval and never grows.
 *
 * <p>Decoding is defensive because blocks come from untrusted backends: the announced uncompressed length
 * is checked against {@link #maxUncompressedLength()} and against the output space before anything is
 * allocated or written (the native decoder trusts its output buffer), and every decoder failure becomes a
 * {@link CorruptDataException}.
 *
 * <p>Both buffers of a call must be direct (fast path, no copies) or both heap-backed. Thread-safe and
 * stateless.
 */
public final class SnappyBlockCompressor implements BlockCompressor {

    /** Default bound on a block's uncompressed length: 64 MiB. */
    public static final int DEFAULT_MAX_UNCOMPRESSED_LENGTH = 64 << 20;

    private final int maxUncompressedLength;

    /** A compressor accepting blocks of up to {@link #DEFAULT_MAX_UNCOMPRESSED_LENGTH} bytes. */
    public SnappyBlockCompressor() {
        this(DEFAULT_MAX_UNCOMPRESSED_LENGTH);
    }

    /** @param maxUncompressedLength largest block {@link #uncompress} accepts (e.g. the configured block size) */
    public SnappyBlockCompressor(int maxUncompressedLength) {
        if (maxUncompressedLength < 1) {
            throw new IllegalArgumentException("max uncompressed length must be positive, got " + maxUncompressedLength);
        }
        this.maxUncompressedLength = maxUncompressedLength;
        Snappy.maxCompressedLength(1); // loads the native library now (a file write), not later on a reactor thread
    }

    /** Largest uncompressed block accepted by {@link #uncompress}. */
    public int maxUncompressedLength() {
        return maxUncompressedLength;
    }

    @Override
    public int maxCompressedLength(int inputLength) {
        return Snappy.maxCompressedLength(inputLength);
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code dst} needs {@link #maxCompressedLength(int) maxCompressedLength(src.remaining())} bytes
     * remaining; on {@code -1} its contents past its position are undefined.
     */
    @Override
    public int compress(ByteBuffer src, ByteBuffer dst) {
        int length = src.remaining();
        if (length == 0) {
            return -1;
        }
        int needed = maxCompressedLength(length);
        if (dst.remaining() < needed) {
            throw new IllegalArgumentException("snappy output buffer too small: need " + needed
                    + " bytes, have " + dst.remaining());
        }
        int written;
        try {
            if (src.isDirect() && dst.isDirect()) {
                int limit = dst.limit();
                written = Snappy.compress(src, dst); // sets dst's limit to the end of the output
                dst.limit(limit);
            } else if (src.hasArray() && dst.hasArray()) {
                written = Snappy.compress(src.array(), src.arrayOffset() + src.position(), length,
                        dst.array(), dst.arrayOffset() + dst.position());
            } else {
                throw mixedBuffers();
            }
        } catch (IOException e) {
            throw new IllegalStateException("snappy compression failed: " + e.getMessage(), e);
        }
        if (written >= length - (length >>> 5)) {
            return -1;
        }
        src.position(src.limit());
        dst.position(dst.position() + written);
        return written;
    }

    @Override
    public int uncompressedLength(ByteBuffer compressed) {
        int length;
        try {
            if (compressed.isDirect()) {
                length = Snappy.uncompressedLength(compressed);
            } else if (compressed.hasArray()) {
                length = Snappy.uncompressedLength(compressed.array(),
                        compressed.arrayOffset() + compressed.position(), compressed.remaining());
            } else {
                throw new IllegalArgumentException("snappy needs a direct or array-backed buffer");
            }
        } catch (IOException | SnappyError e) {
            throw new CorruptDataException("corrupt snappy block: unreadable length header", e);
        }
        if (length < 0 || length > maxUncompressedLength) {
            throw new CorruptDataException("corrupt snappy block: announces " + Integer.toUnsignedString(length)
                    + " bytes, more than the limit of " + maxUncompressedLength);
        }
        return length;
    }

    @Override
    public int uncompress(ByteBuffer src, ByteBuffer dst) {
        if (!src.hasRemaining()) {
            throw new CorruptDataException("corrupt snappy block: empty");
        }
        int expected = uncompressedLength(src);
        if (dst.remaining() < expected) {
            throw new IllegalArgumentException("snappy output buffer too small: need " + expected
                    + " bytes, have " + dst.remaining());
        }
        int written;
        try {
            if (src.isDirect() && dst.isDirect()) {
                int limit = dst.limit();
                written = Snappy.uncompress(src, dst); // sets dst's limit to the end of the output
                dst.limit(limit);
            } else if (src.hasArray() && dst.hasArray()) {
                written = Snappy.uncompress(src.array(), src.arrayOffset() + src.position(), src.remaining(),
                        dst.array(), dst.arrayOffset() + dst.position());
            } else {
                throw mixedBuffers();
            }
        } catch (IOException | SnappyError e) {
            throw new CorruptDataException("corrupt snappy block: " + e.getMessage(), e);
        }
        if (written != expected) {
            throw new CorruptDataException("corrupt snappy block: decoded " + written + " bytes, header says " + expected);
        }
        src.position(src.limit());
        dst.position(dst.position() + written);
        return written;
    }

    private static IllegalArgumentException mixedBuffers() {
        return new IllegalArgumentException("snappy buffers must be both direct or both heap-backed");
    }

    @Override
    public String toString() {
        return "SnappyBlockCompressor[max " + maxUncompressedLength + " B]";
    }
}
