package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.File;
import java.util.function.Consumer;

/**
 * In-memory {@link NamespaceStorage}: payloads live off-heap in the index entries (pooled direct buffers, so
 * large values do not churn the garbage collector); nothing survives a restart.
 */
final class MemoryStorage implements NamespaceStorage {

    private long appended;

    @Override
    public void replay(Consumer<Replayed> sink) {
        // nothing persisted
    }

    @Override
    public IndexEntry append(byte[] key, ByteBuf value, long order, long timestamp, int crc) {
        int length = value.readableBytes();
        ByteBuf copy = length == 0 ? Unpooled.EMPTY_BUFFER : ByteBufAllocator.DEFAULT.directBuffer(length);
        copy.writeBytes(value, value.readerIndex(), length);
        appended += length;
        return new IndexEntry(key, order, length, timestamp, crc, 0, -1, copy);
    }

    @Override
    public void discard(IndexEntry entry) {
        entry.value().release();
    }

    @Override
    public boolean readsNeedLock() {
        return true;
    }

    @Override
    public ByteBuf payload(IndexEntry entry, ByteBufAllocator alloc) {
        return entry.value().retainedDuplicate();
    }

    @Override
    public void appendDelete(byte[] key, long order, long timestamp) {
        // nothing to record
    }

    @Override
    public byte[] read(IndexEntry entry) {
        return ByteBufUtil.getBytes(entry.value());
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
