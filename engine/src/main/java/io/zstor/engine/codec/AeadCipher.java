package io.zstor.engine.codec;

import java.nio.ByteBuffer;

/**
 * Authenticated encryption of one unit (a block, a metadata record) with a fresh random nonce per call.
 * Wire layout of a sealed unit: {@code nonce(12) || ciphertext || tag(16)}, the layout of the original.
 *
 * <p>Implementations are thread-safe.
 */
public interface AeadCipher {

    /** Nonce length in bytes. */
    int NONCE_LENGTH = 12;

    /** Tag length in bytes. */
    int TAG_LENGTH = 16;

    /** Bytes a sealed unit adds to its plaintext. */
    int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

    /**
     * Encrypts {@code src.remaining()} bytes into {@code dst} as nonce, ciphertext and tag, advancing both
     * positions. {@code dst} needs {@code src.remaining() + OVERHEAD} bytes remaining.
     *
     * @param associatedData bound to the unit (object id, block index), may be empty, never null
     * @return bytes written to {@code dst}
     */
    int seal(ByteBuffer src, ByteBuffer dst, byte[] associatedData);

    /**
     * Decrypts a sealed unit ({@code src.remaining()} bytes) into {@code dst}, advancing both positions.
     *
     * @param what names the unit in the error message
     * @return plaintext bytes written
     * @throws AuthenticationFailedException on a wrong key, tampered bytes or mismatching associated data
     */
    int open(ByteBuffer src, ByteBuffer dst, byte[] associatedData, String what);

    /**
     * Whether this cipher is fastest with heap buffers on both sides; when not, it wants a direct source (its
     * output may be either kind). Both kinds always work: callers use this to pick their work buffers.
     */
    default boolean prefersHeapBuffers() {
        return false;
    }
}
