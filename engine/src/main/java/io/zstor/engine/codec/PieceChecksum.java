package io.zstor.engine.codec;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The 8-byte checksum metadata keeps per stored piece, so a piece that rotted, was truncated or was
 * swapped is detected on read and treated as missing (then rebuilt from parity).
 *
 * <p>Value: CRC-32C of the piece in the high 32 bits, CRC-32 (IEEE) in the low 32 bits. Two different
 * generator polynomials make an undetected random corruption about as unlikely as with a 64-bit hash, and
 * both are hardware-accelerated in the JDK (tens of GB/s), so checking every piece of every block costs
 * almost nothing, where BLAKE2b-128 (~0.5 GB/s) would cost as much as the erasure code itself.
 *
 * <p>Not a MAC: it guards against accidents, not against a malicious backend. Against forgery the GCM tag
 * of each block is the authority; a block whose tag fails after decoding must be retried with other
 * pieces. Immutable value type.
 */
public final class PieceChecksum {

    /** Encoded length in bytes. */
    public static final int LENGTH = 8;

    private final long value;

    private PieceChecksum(long value) {
        this.value = value;
    }

    /** Checksum of {@code piece.remaining()} bytes (heap or direct); {@code piece}'s position is unchanged. */
    public static PieceChecksum of(ByteBuffer piece) {
        CRC32C c = new CRC32C();
        c.update(piece.duplicate());
        CRC32 i = new CRC32();
        i.update(piece.duplicate());
        return new PieceChecksum(c.getValue() << 32 | i.getValue());
    }

    /** Checksum of {@code length} bytes of {@code piece} from {@code offset}. */
    public static PieceChecksum of(byte[] piece, int offset, int length) {
        return of(ByteBuffer.wrap(piece, offset, length));
    }

    /** The checksum as stored: its 64-bit value. */
    public static PieceChecksum fromLong(long value) {
        return new PieceChecksum(value);
    }

    /**
     * The checksum from its {@link #LENGTH} big-endian bytes.
     *
     * @throws IllegalArgumentException when {@code bytes} is not 8 bytes long
     */
    public static PieceChecksum fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("piece checksum must be " + LENGTH + " bytes, got " + bytes.length);
        }
        return new PieceChecksum(ByteBuffer.wrap(bytes).getLong());
    }

    /** Whether {@code piece.remaining()} bytes have this checksum; {@code piece}'s position is unchanged. */
    public boolean matches(ByteBuffer piece) {
        return of(piece).value == value;
    }

    /** The 64-bit value (CRC-32C high, CRC-32 low). */
    public long toLong() {
        return value;
    }

    /** The {@link #LENGTH} big-endian bytes. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).putLong(value).array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceChecksum p && p.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    /** Sixteen lower-case hex digits. */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(value);
    }
}
