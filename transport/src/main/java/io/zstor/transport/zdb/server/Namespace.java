package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * One 0-db namespace: its settings, the in-memory index of live keys, size accounting for maxsize and
 * NSINFO, and the data operations with 0-db's rules (sequential ids, identical-value no-op, worm, maxsize).
 *
 * <p>All state is guarded by {@code this}; payload reads of persisted entries run outside the lock (data
 * files are append-only, so a located payload never changes). Methods may block on file I/O in persistent
 * mode and are therefore called off the event loop by {@link CommandProcessor} in that mode.
 */
final class Namespace {

    /** Entries returned by one SCAN/RSCAN call. */
    static final int SCAN_BATCH = 100;

    /** Index bytes accounted per live entry besides its key, as 0-db reports it. */
    private static final int INDEX_ENTRY_OVERHEAD = 64;

    private final NamespaceSettings settings;
    private final NamespaceStorage storage;
    private final Map<ByteKey, IndexEntry> byKey = new HashMap<>();
    private final NavigableMap<Long, IndexEntry> byOrder = new TreeMap<>();
    private long nextOrder = 1;
    private long nextId;
    private long internalId;
    private long records;
    private long dataSize;
    private long indexSize;
    private volatile boolean removed;

    Namespace(NamespaceSettings settings, NamespaceStorage storage) {
        this.settings = settings;
        this.storage = storage;
    }

    /** Rebuilds the index from storage. */
    synchronized void load() throws IOException {
        storage.replay(r -> {
            records++;
            if (!settings.sequential) {
                nextOrder = Math.max(nextOrder, r.order() + 1);
            }
            if (!r.deleted()) {
                // as 0-db: every stored SET consumed one internal id (sequential ids are never reused)
                nextId = Math.max(nextId + 1, settings.sequential ? r.order() + 1 : 0);
                internalId++;
            }
            if (r.deleted()) {
                remove(new ByteKey(r.key()));
            } else {
                put(new IndexEntry(r.key(), r.order(), r.length(), r.timestamp(), r.crc(), r.fileId(), r.offset(),
                        null));
            }
        });
    }

    String name() {
        return settings.name;
    }

    synchronized long rank() {
        return settings.rank;
    }

    boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    NamespaceStorage storage() {
        return storage;
    }

    synchronized String password() {
        return settings.password;
    }

    synchronized boolean isPublic() {
        return settings.isPublic;
    }

    synchronized LockState lockState() {
        return settings.lock;
    }

    synchronized boolean sequential() {
        return settings.sequential;
    }

    /** True while no record was ever written (mode may still change). */
    synchronized boolean fresh() {
        return records == 0;
    }

    /** Applies a settings change and persists it. */
    synchronized void updateSettings(java.util.function.Consumer<NamespaceSettings> change) {
        change.accept(settings);
        try {
            storage.saveSettings(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of live entries. */
    synchronized long size() {
        return byKey.size();
    }

    /**
     * SET with 0-db's semantics.
     *
     * @return the key to reply with, or null when the value is identical to the stored one (nothing written)
     */
    byte[] set(byte[] key, ByteBuf value, long timestamp) throws IOException {
        int length = value.readableBytes();
        CRC32 crc32 = new CRC32();
        for (java.nio.ByteBuffer b : value.nioBuffers(value.readerIndex(), length)) {
            crc32.update(b);
        }
        int crc = (int) crc32.getValue();
        synchronized (this) {
            IndexEntry existing;
            long order;
            byte[] storedKey;
            if (settings.sequential) {
                if (key.length == 0) {
                    existing = null;
                    order = nextId;
                    storedKey = SequentialKeys.encode(order);
                } else {
                    existing = byKey.get(new ByteKey(key));
                    if (existing == null) {
                        throw new ZdbCommandException("Invalid key, only update authorized");
                    }
                    order = existing.order();
                    storedKey = existing.key();
                }
            } else {
                if (key.length == 0) {
                    throw new ZdbCommandException("Invalid argument, key needed");
                }
                existing = byKey.get(new ByteKey(key));
                order = nextOrder;
                storedKey = key;
            }
            if (existing != null) {
                if (existing.length() == length && existing.crc() == crc
                        && ByteBufUtil.equals(Unpooled.wrappedBuffer(storage.read(existing)), value)) {
                    return null;
                }
                if (settings.worm) {
                    throw new ZdbCommandException("Namespace is protected by worm mode");
                }
            }
            long oldLength = existing == null ? 0 : existing.length();
            if (settings.maxSize > 0 && dataSize + length > settings.maxSize + oldLength) {
                throw new ZdbCommandException("No space left on this namespace");
            }
            IndexEntry entry = storage.append(storedKey, value, order, timestamp, crc);
            records++;
            if (settings.sequential) {
                nextId++; // 0-db consumes an id for updates too
            } else {
                nextOrder++;
                if (existing == null) {
                    internalId++;
                }
            }
            put(entry);
            return storedKey;
        }
    }

    /** The live entry of {@code key}, or null. */
    synchronized IndexEntry lookup(byte[] key) {
        return byKey.get(new ByteKey(key));
    }

    /**
     * The payload of {@code key} as a buffer the caller releases, or null when the key is not live. File reads
     * run outside the lock (data files are append-only); memory values are retained under it.
     */
    ByteBuf get(byte[] key, ByteBufAllocator alloc) throws IOException {
        IndexEntry e;
        synchronized (this) {
            e = byKey.get(new ByteKey(key));
            if (e == null) {
                return null;
            }
            if (storage.readsNeedLock()) {
                return storage.payload(e, alloc);
            }
        }
        return storage.payload(e, alloc);
    }

    /** CHECK: null when the key is not live, else whether the stored payload still matches its CRC32. */
    Boolean check(byte[] key) {
        IndexEntry e;
        byte[] payload;
        synchronized (this) {
            e = byKey.get(new ByteKey(key));
            if (e == null) {
                return null;
            }
            payload = storage.readsNeedLock() ? readQuietly(e) : null;
        }
        if (payload == null) {
            payload = readQuietly(e);
        }
        if (payload == null || payload.length != e.length()) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue() == e.crc();
    }

    private byte[] readQuietly(IndexEntry e) {
        try {
            return storage.read(e);
        } catch (IOException ex) {
            return null;
        }
    }

    /** Frees every live value (memory storage) when the namespace is removed or the server stops. */
    synchronized void releaseAll() {
        for (IndexEntry e : byKey.values()) {
            storage.discard(e);
        }
        byKey.clear();
        byOrder.clear();
    }

    /** DEL with 0-db's semantics. */
    synchronized void delete(byte[] key, long timestamp) throws IOException {
        IndexEntry existing = byKey.get(new ByteKey(key));
        if (existing == null) {
            throw new ZdbCommandException("Key not found");
        }
        if (settings.worm) {
            throw new ZdbCommandException("Cannot delete a key when namespace is in worm mode");
        }
        long order = settings.sequential ? existing.order() : nextOrder++;
        storage.appendDelete(existing.key(), order, timestamp);
        records++;
        remove(new ByteKey(existing.key()));
    }

    /**
     * Up to {@link #SCAN_BATCH} live entries strictly after (or, reversed, before) {@code from}; a null
     * {@code from} starts at the oldest (newest) entry.
     */
    synchronized List<IndexEntry> scan(Long from, boolean reverse) {
        NavigableMap<Long, IndexEntry> view;
        if (reverse) {
            view = (from == null ? byOrder : byOrder.headMap(from, false)).descendingMap();
        } else {
            view = from == null ? byOrder : byOrder.tailMap(from, false);
        }
        List<IndexEntry> out = new ArrayList<>(Math.min(SCAN_BATCH, view.size()));
        for (IndexEntry e : view.values()) {
            if (out.size() == SCAN_BATCH) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** The NSINFO text; admin connections also get paths and the active file position. */
    synchronized String info(boolean admin) {
        StringBuilder b = new StringBuilder(768);
        line(b, "# namespace", null);
        line(b, "name", settings.name);
        line(b, "entries", Long.toString(byKey.size()));
        line(b, "public", yesNo(settings.isPublic));
        line(b, "worm", yesNo(settings.worm));
        line(b, "locked", yesNo(settings.lock != LockState.NONE));
        line(b, "password", yesNo(settings.password != null));
        line(b, "data_size_bytes", Long.toString(dataSize));
        line(b, "data_size_mb", fmt(dataSize / (1024.0 * 1024.0)));
        line(b, "data_limits_bytes", Long.toString(settings.maxSize));
        line(b, "index_size_bytes", Long.toString(indexSize));
        line(b, "index_size_kb", fmt(indexSize / 1024.0));
        long next = settings.sequential ? nextId : internalId;
        line(b, "next_internal_id", String.format(Locale.ROOT, "0x%08x", Long.reverseBytes(next)));
        line(b, "mode", settings.sequential ? "sequential" : "userkey");
        line(b, "stats_index_io_errors", "0");
        line(b, "stats_index_io_error_last", "0");
        line(b, "stats_index_faults", "0");
        line(b, "stats_data_io_errors", "0");
        line(b, "stats_data_io_error_last", "0");
        line(b, "stats_data_faults", "0");
        if (settings.maxSize > 0) {
            line(b, "space_available", Long.toString(Math.max(0, settings.maxSize - dataSize)));
        }
        long indexFree = storage.indexFreeSpace();
        long dataFree = storage.dataFreeSpace();
        line(b, "index_disk_freespace_bytes", Long.toString(indexFree));
        line(b, "index_disk_freespace_mb", fmt(indexFree / (1024.0 * 1024.0)));
        line(b, "data_disk_freespace_bytes", Long.toString(dataFree));
        line(b, "data_disk_freespace_mb", fmt(dataFree / (1024.0 * 1024.0)));
        if (admin) {
            line(b, "data_path", storage.dataPath());
            line(b, "data_active", storage.dataPath());
            line(b, "index_path", storage.indexPath());
            line(b, "index_active", storage.indexPath());
            line(b, "data_current_id", Integer.toString(storage.currentFileId()));
            line(b, "data_current_offset", Long.toString(storage.currentOffset()));
        }
        return b.toString();
    }

    private void put(IndexEntry entry) {
        IndexEntry old = byKey.put(new ByteKey(entry.key()), entry);
        if (old != null) {
            storage.discard(old);
            byOrder.remove(old.order());
            dataSize -= old.length();
            indexSize -= INDEX_ENTRY_OVERHEAD + old.key().length;
        }
        byOrder.put(entry.order(), entry);
        dataSize += entry.length();
        indexSize += INDEX_ENTRY_OVERHEAD + entry.key().length;
    }

    private void remove(ByteKey key) {
        IndexEntry old = byKey.remove(key);
        if (old != null) {
            storage.discard(old);
            byOrder.remove(old.order());
            dataSize -= old.length();
            indexSize -= INDEX_ENTRY_OVERHEAD + old.key().length;
        }
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(name);
        if (value != null) {
            b.append(": ").append(value);
        }
        b.append('\n');
    }

    private static String yesNo(boolean v) {
        return v ? "yes" : "no";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
