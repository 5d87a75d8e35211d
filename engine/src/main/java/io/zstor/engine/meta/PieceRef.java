package io.zstor.engine.meta;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where one piece of one block lives on its backend: the key 0-db generated for its {@code SET ""} and the
 * {@link io.zstor.engine.codec.PieceChecksum} (CRC-32C and CRC-32) of the piece bytes, so a corrupt piece is detected on read and treated as missing.
 *
 * @param key the sequential key as returned by 0-db (4 or 8 bytes)
 * @param checksum the piece checksum value ({@link io.zstor.engine.codec.PieceChecksum#toLong()})
 */
public record PieceRef(byte[] key, long checksum) {

    /** Copies the key. */
    public PieceRef {
        key = key.clone();
        if (key.length == 0 || key.length > 255) {
            throw new IllegalArgumentException("piece key length must be 1..255, got " + key.length);
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceRef p && p.checksum == checksum && Arrays.equals(p.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Long.hashCode(checksum);
    }

    @Override
    public String toString() {
        return "piece " + HexFormat.of().formatHex(key);
    }
}
