package io.zstor.transport.zdb.server;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where a namespace keeps its payloads and settings: in memory, or in append-only data and index files.
 * Writes are called under the namespace lock; {@link #read} may run concurrently with writes.
 */
interface NamespaceStorage {

    /** One record found while replaying the index at startup. */
    record Replayed(boolean deleted, byte[] key, long order, int length, long timestamp, int crc, int fileId,
                    long offset) {
    }

    /** Replays every intact record in write order (after cutting a torn tail). */
    void replay(Consumer<Replayed> sink) throws IOException;

    /**
     * Appends a payload; returns its entry (for memory storage, holding a private copy of the value). The
     * {@code value} buffer is only read, never retained.
     */
    IndexEntry append(byte[] key, io.netty.buffer.ByteBuf value, long order, long timestamp, int crc)
            throws IOException;

    /** Frees what an entry that is no longer live holds (the value of memory storage). */
    default void discard(IndexEntry entry) {
    }

    /** Whether payload access must happen under the namespace lock (memory values are freed on overwrite). */
    default boolean readsNeedLock() {
        return false;
    }

    /** Appends a delete marker for {@code key}. */
    void appendDelete(byte[] key, long order, long timestamp) throws IOException;

    /** Reads the payload of {@code entry}. */
    byte[] read(IndexEntry entry) throws IOException;

    /**
     * The payload of {@code entry} as a buffer the caller releases, without an intermediate byte array
     * (GET replies of large values).
     */
    default io.netty.buffer.ByteBuf payload(IndexEntry entry, io.netty.buffer.ByteBufAllocator alloc)
            throws IOException {
        return io.netty.buffer.Unpooled.wrappedBuffer(read(entry));
    }

    /** Persists settings (atomically). */
    void saveSettings(NamespaceSettings settings) throws IOException;

    /** Free bytes on the disk holding the index. */
    long indexFreeSpace();

    /** Free bytes on the disk holding the data. */
    long dataFreeSpace();

    /** Human-readable data location for admin NSINFO. */
    String dataPath();

    /** Human-readable index location for admin NSINFO. */
    String indexPath();

    /** Current data file id. */
    int currentFileId();

    /** Current append offset in the current data file. */
    long currentOffset();

    /** Flushes and closes files. */
    void close() throws IOException;

    /** Closes and deletes everything of this namespace. */
    void destroy() throws IOException;
}
