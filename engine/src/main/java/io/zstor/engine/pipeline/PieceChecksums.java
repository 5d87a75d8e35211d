package io.zstor.engine.pipeline;

import java.util.zip.CRC32C;

/**
 * The per-piece checksum: CRC-32C (hardware accelerated, ~48 GB/s here), enough to detect bit rot and
 * truncation; authenticity comes from the GCM tag of the block.
 */
final class PieceChecksums {

    private PieceChecksums() {
    }

    static int of(byte[] piece, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(piece, offset, length);
        return (int) crc.getValue();
    }
}
