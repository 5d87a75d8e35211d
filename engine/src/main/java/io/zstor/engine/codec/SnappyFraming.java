package io.zstor.engine.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Constants and helpers of the Snappy framing format shared by {@link SnappyFrameEncoder} and {@link SnappyFrameDecoder}. */
final class SnappyFraming {

    /** Most uncompressed bytes one data chunk may carry. */
    static final int MAX_CHUNK_DATA = 65_536;

    /** Chunk type byte plus 3-byte little-endian length plus the 4-byte masked CRC-32C. */
    static final int CHUNK_HEADER = 8;

    static final int TYPE_COMPRESSED = 0x00;
    static final int TYPE_UNCOMPRESSED = 0x01;
    static final int TYPE_PADDING = 0xfe;
    static final int TYPE_STREAM_IDENTIFIER = 0xff;

    /** The complete stream identifier chunk: {@code ff 06 00 00 "sNaPpY"}. */
    static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};

    private SnappyFraming() {
    }

    /** The spec's masked CRC-32C: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        return mask((int) crc.getValue());
    }

    /** Writes a data chunk's type, 3-byte length (checksum + data) and little-endian masked CRC. */
    static void putHeader(ByteBuffer dst, int type, int length, int maskedCrc) {
        dst.put((byte) type).put((byte) length).put((byte) (length >>> 8)).put((byte) (length >>> 16));
        dst.put((byte) maskedCrc).put((byte) (maskedCrc >>> 8)).put((byte) (maskedCrc >>> 16)).put((byte) (maskedCrc >>> 24));
    }
}
