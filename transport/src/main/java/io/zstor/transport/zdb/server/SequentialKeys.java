package io.zstor.transport.zdb.server;

/**
 * 0-db's sequential key encoding: the id as an 8-byte little-endian unsigned integer
 * ({@code sequential_key_size: 8}); keys of any other length are not ids.
 */
final class SequentialKeys {

    /** Length of a sequential key. */
    static final int LENGTH = 8;

    private SequentialKeys() {
    }

    /** Encodes {@code id} as 8 little-endian bytes. */
    static byte[] encode(long id) {
        byte[] k = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            k[i] = (byte) (id >>> (8 * i));
        }
        return k;
    }

    /** Decodes an 8-byte key; returns -1 when the key has another length or is out of range. */
    static long decode(byte[] key) {
        if (key.length != LENGTH) {
            return -1;
        }
        long id = 0;
        for (int i = LENGTH - 1; i >= 0; i--) {
            id = (id << 8) | (key[i] & 0xff);
        }
        return id;
    }
}
