package io.zstor.transport.zdb.server;

/**
 * The live version of one key: where its payload is and what it looked like when written.
 *
 * @param key       the key (user key, or the 8-byte little-endian id in sequential mode)
 * @param order     position in scan order: the write sequence in user mode, the id in sequential mode
 * @param length    payload length in bytes
 * @param timestamp unix seconds of the write
 * @param crc       CRC32 of the payload as written
 * @param fileId    data file number (0 in memory)
 * @param offset    offset of the data record in its file (-1 in memory)
 * @param value     the payload itself (off-heap, owned by the storage) for in-memory storage, else null
 */
record IndexEntry(byte[] key, long order, int length, long timestamp, int crc, int fileId, long offset,
                  io.netty.buffer.ByteBuf value) {
}
