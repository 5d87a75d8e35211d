package io.zstor.engine.pipeline;

/**
 * A block after compression, sealing and erasure coding: {@code k + m} pieces of equal length.
 *
 * @param index block number
 * @param plainLength original bytes
 * @param plainChecksum {@link io.zstor.engine.codec.PieceChecksum} value of the original bytes
 * @param compressed whether the sealed data is compressed
 * @param sealedLength bytes of the sealed unit (pieces hold it zero-padded)
 * @param pieceLength bytes of every piece: the first bytes of each array
 * @param pieces the pieces, data first then parity (arrays of at least {@code pieceLength} bytes)
 * @param checksums piece checksum values
 */
record EncodedBlock(int index, int plainLength, long plainChecksum, boolean compressed, int sealedLength,
        int pieceLength, byte[][] pieces, long[] checksums) {
}
