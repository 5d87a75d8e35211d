package io.zstor.engine.codec;

import java.nio.ByteBuffer;

/**
 * Compresses independent blocks. The caller keeps a "stored raw" flag: {@link #compress} reports when
 * compression does not pay so incompressible data never grows.
 *
 * <p>Implementations are thread-safe.
 */
public interface BlockCompressor {

    /** Largest possible output of {@link #compress} for {@code inputLength} bytes. */
    int maxCompressedLength(int inputLength);

    /**
     * Compresses {@code src.remaining()} bytes into {@code dst}, advancing both positions on success.
     *
     * @return compressed length, or -1 when the result would not be smaller than the input (nothing is
     *     consumed then; store the block raw)
     */
    int compress(ByteBuffer src, ByteBuffer dst);

    /** Uncompressed length announced by a compressed block. */
    int uncompressedLength(ByteBuffer compressed);

    /**
     * Uncompresses a whole block ({@code src.remaining()} bytes) into {@code dst}, advancing both positions.
     *
     * @return uncompressed bytes written
     * @throws CorruptDataException when the block does not decode
     */
    int uncompress(ByteBuffer src, ByteBuffer dst);
}
