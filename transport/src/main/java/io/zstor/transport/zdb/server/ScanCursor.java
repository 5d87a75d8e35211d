package io.zstor.transport.zdb.server;

import java.util.zip.CRC32;

/**
 * The 17-byte SCAN/RSCAN/KEYCUR cursor. 0-db exposes a raw index position of the same size; ours is
 * {@code keyLength(1) | order(8, LE) | payloadLength(4, LE) | crc32(4, LE) of the first 13 bytes}. Clients
 * treat it as opaque; the checksum rejects forged or zeroed cursors (answered with {@code -No more data},
 * like 0-db does for a zeroed cursor).
 */
final class ScanCursor {

    /** Cursor length on the wire. */
    static final int LENGTH = 17;

    private ScanCursor() {
    }

    /** Cursor pointing at {@code entry}: a scan from it continues with the entry after (or before) it. */
    static byte[] encode(IndexEntry entry) {
        byte[] c = new byte[LENGTH];
        c[0] = (byte) entry.key().length;
        putLong(c, 1, entry.order());
        putInt(c, 9, entry.length());
        CRC32 crc = new CRC32();
        crc.update(c, 0, 13);
        putInt(c, 13, (int) crc.getValue());
        return c;
    }

    /**
     * Decodes the order of a cursor.
     *
     * @throws ZdbCommandException {@code Invalid key format} for a wrong length, {@code No more data} for a
     *                             cursor that fails its checksum
     */
    static long decodeOrder(byte[] cursor) {
        if (cursor.length != LENGTH) {
            throw new ZdbCommandException("Invalid key format");
        }
        CRC32 crc = new CRC32();
        crc.update(cursor, 0, 13);
        if (getInt(cursor, 13) != (int) crc.getValue()) {
            throw new ZdbCommandException("No more data");
        }
        long order = 0;
        for (int i = 8; i >= 1; i--) {
            order = (order << 8) | (cursor[i] & 0xff);
        }
        return order;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
