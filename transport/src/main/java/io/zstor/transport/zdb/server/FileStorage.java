package io.zstor.transport.zdb.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Append-only persistent {@link NamespaceStorage}, laid out like 0-db: data files {@code <data>/<ns>/d0, d1,
 * ...} and the index {@code <index>/<ns>/i0} plus the {@code zdb-namespace} settings file.
 *
 * <p>Data record: {@code magic 'Z' | flags | keyLen(1) | valueLen(4) | timestamp(8) | payloadCrc32(4) |
 * headerCrc32(4) | key | value}. Index record: {@code flags | keyLen(1) | fileId(4) | offset(8) | valueLen(4)
 * | timestamp(8) | payloadCrc32(4) | order(8) | key | recordCrc32(4)}, all big-endian. A SET writes the
 * data record, then its index record; a DEL writes only an index record. Replay reads the index, stops at
 * the first short or CRC-failing record (torn tail) and cuts it; the newest indexed payloads are then
 * re-verified against their CRC (walking back until one is intact), and data beyond the last intact
 * record is truncated, so a torn or corrupted tail is never served.
 */
final class FileStorage implements NamespaceStorage {

    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);

    static final String SETTINGS_FILE = "zdb-namespace";
    static final String INDEX_FILE = "i0";
    private static final byte MAGIC = 'Z';
    private static final byte FLAG_SET = 0;
    private static final byte FLAG_DELETE = 1;
    static final int DATA_HEADER = 23;
    static final int INDEX_FIXED = 38;
    private static final int TAIL_CHECK = 64;

    private final Path dataDir;
    private final Path indexDir;
    private final long maxFileSize;
    private final SyncPolicy sync;
    private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
    private FileChannel index;
    private FileChannel data;
    private int fileId;
    private long dataOffset;

    private FileStorage(Path dataDir, Path indexDir, long maxFileSize, SyncPolicy sync) {
        this.dataDir = dataDir;
        this.indexDir = indexDir;
        this.maxFileSize = maxFileSize;
        this.sync = sync;
    }

    /** Opens (creating the directories if needed) the storage of one namespace; call {@link #replay} next. */
    static FileStorage open(Path dataDir, Path indexDir, long maxFileSize, SyncPolicy sync) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(indexDir);
        return new FileStorage(dataDir, indexDir, maxFileSize, sync);
    }

    /** Reads a settings file, or null when the directory holds none. */
    static NamespaceSettings readSettings(Path indexDir) throws IOException {
        Path f = indexDir.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        return NamespaceSettings.parse(Files.readString(f, StandardCharsets.ISO_8859_1));
    }

    private record Located(long indexPos, int fileId, long offset, int keyLen, int length, int crc) {
    }

    @Override
    public void replay(Consumer<Replayed> sink) throws IOException {
        Path indexFile = indexDir.resolve(INDEX_FILE);
        Deque<Located> tail = new ArrayDeque<>();
        long validEnd = scanIndex(indexFile, null, tail, Long.MAX_VALUE);
        while (!tail.isEmpty()) {
            Located last = tail.peekLast();
            if (verifyData(last)) {
                break;
            }
            LOG.warn("namespace at {}: payload at d{}+{} fails its checksum, cutting the tail",
                    dataDir, last.fileId(), last.offset());
            validEnd = last.indexPos();
            tail.pollLast();
        }
        Located lastGood = tail.peekLast();
        if (Files.exists(indexFile) && Files.size(indexFile) > validEnd) {
            LOG.warn("namespace at {}: cutting index tail from {} to {} bytes", indexDir, Files.size(indexFile),
                    validEnd);
            try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.WRITE)) {
                ch.truncate(validEnd);
                ch.force(true);
            }
        }
        // the last verified record defines the data end; if the tail window was exhausted, fall back to the
        // end of the newest record still indexed
        long[] end = {0, 0};
        if (lastGood != null) {
            end[0] = lastGood.fileId();
            end[1] = lastGood.offset() + DATA_HEADER + lastGood.keyLen() + lastGood.length();
        }
        scanIndex(indexFile, r -> {
            if (!r.deleted()) {
                long recEnd = r.offset() + DATA_HEADER + r.key().length + r.length();
                if (r.fileId() > end[0] || (r.fileId() == end[0] && recEnd > end[1])) {
                    end[0] = r.fileId();
                    end[1] = recEnd;
                }
            }
            sink.accept(r);
        }, null, validEnd);
        fileId = (int) end[0];
        dataOffset = end[1];
        cutDataBeyond(fileId, dataOffset);
        index = FileChannel.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        data = openData(fileId);
    }

    /** Scans index records up to {@code limit}; returns the end of the last intact record. */
    private long scanIndex(Path indexFile, Consumer<Replayed> sink, Deque<Located> tail, long limit)
            throws IOException {
        if (!Files.exists(indexFile)) {
            return 0;
        }
        long pos = 0;
        try (InputStream raw = Files.newInputStream(indexFile);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] fixed = new byte[INDEX_FIXED];
            while (pos < limit) {
                try {
                    in.readFully(fixed);
                } catch (EOFException e) {
                    return pos;
                }
                ByteBuffer f = ByteBuffer.wrap(fixed);
                byte flags = f.get();
                int keyLen = f.get() & 0xff;
                int fid = f.getInt();
                long offset = f.getLong();
                int length = f.getInt();
                long ts = f.getLong();
                int crc = f.getInt();
                long order = f.getLong();
                byte[] key = new byte[keyLen];
                int stored;
                try {
                    in.readFully(key);
                    stored = in.readInt();
                } catch (EOFException e) {
                    return pos;
                }
                CRC32 c = new CRC32();
                c.update(fixed);
                c.update(key);
                if ((int) c.getValue() != stored || (flags != FLAG_SET && flags != FLAG_DELETE) || fid < 0
                        || offset < 0 || length < 0 || length > RespRequestDecoder.MAX_BULK) {
                    LOG.warn("index {}: damaged record at {}, treating the rest as a torn tail", indexFile, pos);
                    return pos;
                }
                boolean deleted = flags == FLAG_DELETE;
                if (tail != null && !deleted) {
                    tail.addLast(new Located(pos, fid, offset, keyLen, length, crc));
                    if (tail.size() > TAIL_CHECK) {
                        tail.pollFirst();
                    }
                }
                if (sink != null) {
                    sink.accept(new Replayed(deleted, key, order, length, ts, crc, fid, offset));
                }
                pos += INDEX_FIXED + keyLen + 4;
            }
            return pos;
        }
    }

    /** Re-reads one data record and checks magic, header CRC and payload CRC. */
    private boolean verifyData(Located l) {
        Path file = dataFile(l.fileId());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long recordLen = (long) DATA_HEADER + l.keyLen() + l.length();
            if (l.offset() + recordLen > ch.size()) {
                return false;
            }
            ByteBuffer head = ByteBuffer.allocate(DATA_HEADER + l.keyLen());
            readFully(ch, head, l.offset());
            head.flip();
            if (head.get(0) != MAGIC || (head.get(2) & 0xff) != l.keyLen() || head.getInt(3) != l.length()
                    || head.getInt(15) != l.crc()) {
                return false;
            }
            CRC32 hc = new CRC32();
            hc.update(head.array(), 0, 19);
            hc.update(head.array(), DATA_HEADER, l.keyLen());
            if ((int) hc.getValue() != head.getInt(19)) {
                return false;
            }
            ByteBuffer payload = ByteBuffer.allocate(l.length());
            readFully(ch, payload, l.offset() + DATA_HEADER + l.keyLen());
            CRC32 pc = new CRC32();
            pc.update(payload.array());
            return (int) pc.getValue() == l.crc();
        } catch (IOException e) {
            return false;
        }
    }

    private void cutDataBeyond(int lastFile, long end) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "d*")) {
            for (Path p : files) {
                int id = dataFileId(p);
                if (id > lastFile) {
                    LOG.warn("data file {} holds no indexed record, removing it", p);
                    Files.delete(p);
                } else if (id == lastFile && Files.size(p) > end) {
                    LOG.warn("data file {}: cutting unindexed tail from {} to {} bytes", p, Files.size(p), end);
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.truncate(end);
                        ch.force(true);
                    }
                }
            }
        }
    }

    private static int dataFileId(Path p) {
        String n = p.getFileName().toString();
        try {
            return Integer.parseInt(n.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Path dataFile(int id) {
        return dataDir.resolve("d" + id);
    }

    private FileChannel openData(int id) throws IOException {
        FileChannel ch = FileChannel.open(dataFile(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.position(ch.size());
        return ch;
    }

    @Override
    public IndexEntry append(byte[] key, io.netty.buffer.ByteBuf value, long order, long timestamp, int crc)
            throws IOException {
        int length = value.readableBytes();
        long recordLen = (long) DATA_HEADER + key.length + length;
        if (dataOffset > 0 && dataOffset + recordLen > maxFileSize) {
            rotate();
        }
        ByteBuffer head = ByteBuffer.allocate(DATA_HEADER + key.length);
        head.put(MAGIC).put(FLAG_SET).put((byte) key.length).putInt(length).putLong(timestamp).putInt(crc);
        CRC32 hc = new CRC32();
        hc.update(head.array(), 0, 19);
        hc.update(key);
        head.putInt((int) hc.getValue()).put(key).flip();
        long offset = dataOffset;
        ByteBuffer[] payload = value.nioBuffers(value.readerIndex(), length);
        ByteBuffer[] all = new ByteBuffer[payload.length + 1];
        all[0] = head;
        System.arraycopy(payload, 0, all, 1, payload.length);
        writeFully(data, all, offset);
        if (sync == SyncPolicy.EVERY_WRITE) {
            data.force(false);
        }
        writeIndex(FLAG_SET, key, fileId, offset, length, timestamp, crc, order, offset);
        dataOffset = offset + recordLen;
        return new IndexEntry(key, order, length, timestamp, crc, fileId, offset, null);
    }

    @Override
    public void appendDelete(byte[] key, long order, long timestamp) throws IOException {
        writeIndex(FLAG_DELETE, key, fileId, 0, 0, timestamp, 0, order, -1);
    }

    private void writeIndex(byte flags, byte[] key, int fid, long offset, int length, long ts, int crc, long order,
                            long dataRollback) throws IOException {
        ByteBuffer rec = ByteBuffer.allocate(INDEX_FIXED + key.length + 4);
        rec.put(flags).put((byte) key.length).putInt(fid).putLong(offset).putInt(length).putLong(ts).putInt(crc)
                .putLong(order).put(key);
        CRC32 c = new CRC32();
        c.update(rec.array(), 0, INDEX_FIXED + key.length);
        rec.putInt((int) c.getValue()).flip();
        long before = index.size();
        try {
            while (rec.hasRemaining()) {
                index.write(rec);
            }
            if (sync == SyncPolicy.EVERY_WRITE) {
                index.force(false);
            }
        } catch (IOException e) {
            index.truncate(before);
            if (dataRollback >= 0) {
                data.truncate(dataRollback);
            }
            throw e;
        }
    }

    private void writeFully(FileChannel ch, ByteBuffer[] bufs, long rollbackTo) throws IOException {
        try {
            long remaining = 0;
            for (ByteBuffer b : bufs) {
                remaining += b.remaining();
            }
            while (remaining > 0) {
                remaining -= ch.write(bufs);
            }
        } catch (IOException e) {
            ch.truncate(rollbackTo);
            ch.position(rollbackTo);
            throw e;
        }
    }

    private void rotate() throws IOException {
        data.force(false);
        data.close();
        fileId++;
        dataOffset = 0;
        data = openData(fileId);
    }

    @Override
    public io.netty.buffer.ByteBuf payload(IndexEntry entry, io.netty.buffer.ByteBufAllocator alloc)
            throws IOException {
        io.netty.buffer.ByteBuf buf = alloc.directBuffer(entry.length());
        try {
            readFully(reader(entry.fileId()), buf.nioBuffer(0, entry.length()),
                    entry.offset() + DATA_HEADER + entry.key().length);
            return buf.writerIndex(entry.length());
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    @Override
    public byte[] read(IndexEntry entry) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(entry.length());
        readFully(reader(entry.fileId()), buf, entry.offset() + DATA_HEADER + entry.key().length);
        return buf.array();
    }

    private FileChannel reader(int id) throws IOException {
        FileChannel ch = readers.get(id);
        if (ch == null) {
            try {
                ch = readers.computeIfAbsent(id, i -> {
                    try {
                        return FileChannel.open(dataFile(i), StandardOpenOption.READ);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return ch;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException("data file ends before the record at " + position);
            }
            pos += n;
        }
    }

    @Override
    public void saveSettings(NamespaceSettings settings) throws IOException {
        Path tmp = indexDir.resolve(SETTINGS_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(settings.serialize().getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, indexDir.resolve(SETTINGS_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public long indexFreeSpace() {
        return indexDir.toFile().getUsableSpace();
    }

    @Override
    public long dataFreeSpace() {
        return dataDir.toFile().getUsableSpace();
    }

    @Override
    public String dataPath() {
        return dataDir.toString();
    }

    @Override
    public String indexPath() {
        return indexDir.toString();
    }

    @Override
    public synchronized int currentFileId() {
        return fileId;
    }

    @Override
    public long currentOffset() {
        return dataOffset;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel ch : readers.values()) {
            failure = closeQuietly(ch, failure, false);
        }
        readers.clear();
        failure = closeQuietly(data, failure, true);
        failure = closeQuietly(index, failure, true);
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException closeQuietly(FileChannel ch, IOException failure, boolean force) {
        if (ch == null || !ch.isOpen()) {
            return failure;
        }
        try {
            if (force) {
                ch.force(true);
            }
            ch.close();
        } catch (IOException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public void destroy() throws IOException {
        close();
        deleteTree(dataDir);
        if (!indexDir.equals(dataDir)) {
            deleteTree(indexDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
