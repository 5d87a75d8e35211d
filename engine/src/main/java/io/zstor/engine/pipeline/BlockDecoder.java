package io.zstor.engine.pipeline;

import io.zstor.engine.ChecksumMismatchException;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.BlockCompressor;
import io.zstor.engine.codec.CorruptDataException;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.meta.BlockMeta;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * The inverse of {@link BlockEncoder}: reconstructs missing data pieces from parity when needed, joins the
 * k data pieces, opens the sealed unit (checking the GCM tag and the block's associated data), uncompresses
 * it and checks the plaintext against the checksum the store recorded, when there is one. Thread-safe; run
 * it on the coding scheduler.
 */
final class BlockDecoder {

    private final BlockCompressor compressor;
    private final AeadCipher cipher;
    private final ErasureCoder coder;
    private final byte[] objectId;
    private final String objectKey;

    BlockDecoder(BlockCompressor compressor, AeadCipher cipher, ErasureCoder coder, byte[] objectId, String objectKey) {
        this.compressor = compressor;
        this.cipher = cipher;
        this.coder = coder;
        this.objectId = objectId.clone();
        this.objectKey = objectKey;
    }

    /** The key of the object being decoded, for messages. */
    String objectKey() {
        return objectKey;
    }

    /**
     * Recomputes the absent pieces in place.
     *
     * @param pieces {@code k + m} arrays of {@code pieceLength} bytes (absent ones may be null)
     */
    void reconstruct(byte[][] pieces, boolean[] present, int pieceLength) {
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i] == null) {
                pieces[i] = new byte[pieceLength];
            }
        }
        coder.reconstruct(pieces, present, 0, pieceLength);
    }

    /**
     * Opens and uncompresses a block straight from its k data pieces (present or reconstructed) into a new
     * array of its plaintext ({@code meta.plainLength()} bytes).
     */
    byte[] open(int blockIndex, BlockMeta meta, byte[][] pieces) {
        return open(blockIndex, meta, pieces, byte[]::new);
    }

    /**
     * Opens and uncompresses a block straight from its k data pieces (present or reconstructed) into an array
     * from {@code arrays}, of at least {@code meta.plainLength()} bytes, whose first {@code meta.plainLength()}
     * bytes are then the plaintext. The pieces are gathered into one work buffer of the kind the cipher is
     * fastest from, and the cipher (or, for a compressed block, snappy) writes straight into that array. Pieces
     * may be longer than the block's piece length (only that many bytes are read).
     */
    byte[] open(int blockIndex, BlockMeta meta, byte[][] pieces, IntFunction<byte[]> arrays) {
        int k = coder.dataShards();
        int pieceLength = BlockMeta.pieceLength(meta.sealedLength(), k);
        int sealedLength = meta.sealedLength();
        String what = "block " + blockIndex + " of object " + objectKey;
        if (sealedLength < AeadCipher.OVERHEAD) {
            throw new CorruptDataException(what + " is shorter than nonce and tag");
        }
        byte[] plain;
        try (CodingScratch scratch = CodingScratch.borrow()) {
            ByteBuffer src = scratch.buffer(cipher.prefersHeapBuffers(), CodingScratch.SEALED, sealedLength);
            for (int i = 0, at = 0; i < k && at < sealedLength; i++, at += pieceLength) {
                src.put(pieces[i], 0, Math.min(pieceLength, sealedLength - at));
            }
            src.flip();
            plain = openSealed(blockIndex, meta, src, what, arrays, scratch);
        }
        if (meta.hasPlainChecksum() && PieceChecksum.of(plain, 0, meta.plainLength()).toLong() != meta.plainChecksum()) {
            throw new ChecksumMismatchException("checksum mismatch for " + objectKey + ": " + what
                    + " does not match the checksum taken when it was stored");
        }
        return plain;
    }

    /**
     * Opens the sealed unit {@code src} into an array from {@code arrays}: directly when the block is stored
     * uncompressed, through a heap work buffer and snappy (arrays on both sides) when it is compressed.
     */
    private byte[] openSealed(int blockIndex, BlockMeta meta, ByteBuffer src, String what, IntFunction<byte[]> arrays,
            CodingScratch scratch) {
        byte[] aad = AssociatedData.of(objectId, blockIndex);
        int plainLength = meta.plainLength();
        int openedLength = src.remaining() - AeadCipher.OVERHEAD;
        if (!meta.compressed()) {
            if (openedLength != plainLength) {
                throw new CorruptDataException(what + " has " + openedLength + " bytes, expected " + plainLength);
            }
            byte[] plain = arrays.apply(plainLength);
            cipher.open(src, ByteBuffer.wrap(plain, 0, plainLength), aad, what);
            return plain;
        }
        ByteBuffer opened = scratch.heap(CodingScratch.PAYLOAD, openedLength);
        cipher.open(src, opened, aad, what);
        opened.flip();
        byte[] plain = arrays.apply(plainLength);
        int u = compressor.uncompress(opened, ByteBuffer.wrap(plain, 0, plainLength));
        if (u != plainLength) {
            throw new CorruptDataException(what + " uncompressed to " + u + " bytes, expected " + plainLength);
        }
        return plain;
    }
}
