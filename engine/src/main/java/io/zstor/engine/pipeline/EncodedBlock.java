package io.zstor.engine.pipeline;

/**
 * A block after compression, sealing and erasure coding: {@code k + m} pieces of equal length.
 *
 * @param index block number
 * @param plainLength original bytes
 * @param plainChecksum {@link io.zstor.engine.codec.PieceChecksum} value of the original bytes
 * @param compressed whether the sealed data is compressed
 * @param sealedLength bytes of the sealed unit (pieces hold it zero-padded)
 * @param pieces the pieces, data first then parity
 * @param checksums piece checksum values
 */
record EncodedBlock(int index, int plainLength, long plainChecksum, boolean compressed, int sealedLength,
        byte[][] pieces, long[] checksums) {
}
