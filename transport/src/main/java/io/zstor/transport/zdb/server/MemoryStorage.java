package io.zstor.transport.zdb.server;

import java.io.File;
import java.util.function.Consumer;

/** In-memory {@link NamespaceStorage}: payloads live in the index entries, nothing survives a restart. */
final class MemoryStorage implements NamespaceStorage {

    private long appended;

    @Override
    public void replay(Consumer<Replayed> sink) {
        // nothing persisted
    }

    @Override
    public IndexEntry append(byte[] key, byte[] value, long order, long timestamp, int crc) {
        appended += value.length;
        return new IndexEntry(key, order, value.length, timestamp, crc, 0, -1, value);
    }

    @Override
    public void appendDelete(byte[] key, long order, long timestamp) {
        // nothing to record
    }

    @Override
    public byte[] read(IndexEntry entry) {
        return entry.value();
    }

    @Override
    public void saveSettings(NamespaceSettings settings) {
        // nothing persisted
    }

    @Override
    public long indexFreeSpace() {
        return new File(System.getProperty("java.io.tmpdir")).getUsableSpace();
    }

    @Override
    public long dataFreeSpace() {
        return indexFreeSpace();
    }

    @Override
    public String dataPath() {
        return "<memory>";
    }

    @Override
    public String indexPath() {
        return "<memory>";
    }

    @Override
    public int currentFileId() {
        return 0;
    }

    @Override
    public long currentOffset() {
        return appended;
    }

    @Override
    public void close() {
        // nothing to close
    }

    @Override
    public void destroy() {
        // nothing to delete
    }
}
