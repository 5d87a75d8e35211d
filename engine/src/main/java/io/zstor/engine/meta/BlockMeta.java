package io.zstor.engine.meta;

import java.util.List;

/**
 * One block of an object: its plaintext length and checksum, whether it was stored snappy-compressed, the
 * length of the sealed (encrypted) unit that was erasure coded, and one {@link PieceRef} per piece index.
 *
 * <p>The plaintext checksum (a {@link io.zstor.engine.codec.PieceChecksum} value of the block's original
 * bytes, taken before compression) lets a retrieve verify every block end to end before it hands the block
 * on, in parallel and at CRC speed, instead of a serial BLAKE2b over the whole object at the end. Objects
 * written before it existed (metadata format version 1) have {@link #NO_PLAIN_CHECKSUM}; those are still
 * verified against the object's BLAKE2b-128.
 *
 * @param plainLength bytes of original data in the block
 * @param plainChecksum checksum of the block's original bytes, or {@link #NO_PLAIN_CHECKSUM}
 * @param compressed whether the sealed unit holds snappy-compressed data (else raw)
 * @param sealedLength bytes of {@code nonce || ciphertext || tag}; pieces hold it zero-padded
 * @param pieces piece i of the block, stored on the object's backend i
 */
public record BlockMeta(int plainLength, long plainChecksum, boolean compressed, int sealedLength,
        List<PieceRef> pieces) {

    /**
     * {@link #plainChecksum()} of a block recorded by metadata format version 1, which had none. (A real value
     * equals it only when both its CRC halves are 0xFFFFFFFF; such a block is then verified like a version 1
     * block, through the object's BLAKE2b-128.)
     */
    public static final long NO_PLAIN_CHECKSUM = -1L;

    /** Copies the list. */
    public BlockMeta {
        pieces = List.copyOf(pieces);
    }

    /** Whether the block's plaintext checksum was recorded (metadata format version 2 and later). */
    public boolean hasPlainChecksum() {
        return plainChecksum != NO_PLAIN_CHECKSUM;
    }

    /** The same block with its pieces stored elsewhere (a rebuild rewrote some of them). */
    public BlockMeta withPieces(List<PieceRef> newPieces) {
        return new BlockMeta(plainLength, plainChecksum, compressed, sealedLength, newPieces);
    }

    /** Bytes per piece for {@code k} data pieces: the sealed unit split into k equal, zero-padded parts. */
    public static int pieceLength(int sealedLength, int k) {
        return (sealedLength + k - 1) / k;
    }
}
