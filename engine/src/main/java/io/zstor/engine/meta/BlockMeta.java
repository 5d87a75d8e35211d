package io.zstor.engine.meta;

import java.util.List;

/**
 * One block of an object: its plaintext length, whether it was stored snappy-compressed, the length of the
 * sealed (encrypted) unit that was erasure coded, and one {@link PieceRef} per piece index.
 *
 * @param plainLength bytes of original data in the block
 * @param compressed whether the sealed unit holds snappy-compressed data (else raw)
 * @param sealedLength bytes of {@code nonce || ciphertext || tag}; pieces hold it zero-padded
 * @param pieces piece i of the block, stored on the object's backend i
 */
public record BlockMeta(int plainLength, boolean compressed, int sealedLength, List<PieceRef> pieces) {

    /** Copies the list. */
    public BlockMeta {
        pieces = List.copyOf(pieces);
    }

    /** Bytes per piece for {@code k} data pieces: the sealed unit split into k equal, zero-padded parts. */
    public static int pieceLength(int sealedLength, int k) {
        return (sealedLength + k - 1) / k;
    }
}
