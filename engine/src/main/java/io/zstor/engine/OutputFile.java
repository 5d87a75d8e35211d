package io.zstor.engine;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.scheduler.Schedulers;

/**
 * The temporary file a retrieve writes, in order, one buffer after another, then flushes to disk.
 *
 * <p>The bytes go around the page cache ({@code O_DIRECT}) where the file system allows it: a restore of many
 * GiB then neither fills the page cache with data nobody is about to read nor pays for allocating and writing
 * back a page per 4 KiB, which on virtual machines (each page allocation a trip to the host) cost more CPU
 * than the rest of the write path. Direct writes need an aligned buffer, an aligned file position and an
 * aligned length, so the buffers are gathered into an aligned staging buffer of {@link #STAGE} bytes, which is
 * written whenever it is full: 4 MiB blocks of a retrieve and 256 KiB frames streamed from the daemon alike
 * become 4 MiB direct writes (the copy into it is the one the JDK makes anyway for a heap buffer). What is
 * left at {@link #finish()} goes direct up to the last whole file-system block and the rest through the page
 * cache, as does everything on a file system that refuses {@code O_DIRECT} (tmpfs) or after a direct write
 * failed. The two kinds never share a page, and {@link #finish()} flushes both: {@code fdatasync} covers the
 * file's blocks whichever way they were written. Each file has a staging buffer of its own (allocated by its
 * first write, collected with it): {@link #close()} may run on another thread while a write is still copying
 * into it, so it is never handed on to another file.
 *
 * <p>Bytes written through the page cache are flushed in the background every {@link #FLUSH_EVERY} bytes, so
 * the final flush only has the tail left. Not thread-safe: one writer at a time (the sink's single worker);
 * blocking, so never on an event loop.
 */
final class OutputFile implements Closeable {

    /** Buffered bytes between background flushes. */
    static final long FLUSH_EVERY = 64L << 20;
    /** Bytes gathered for one direct write. */
    static final int STAGE = 4 << 20;

    private static final int MAX_ALIGNMENT = 64 << 10;

    private final FileChannel buffered;
    private final int alignment;
    private FileChannel direct;
    private ByteBuffer stage;
    /** File offset of the first byte in {@link #stage} (everything before it is written). */
    private long position;
    private long directBytes;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private volatile CompletableFuture<Void> lastFlush = CompletableFuture.completedFuture(null);
    private volatile IOException flushFailed;
    private long unflushed;

    private OutputFile(FileChannel buffered, FileChannel direct, int alignment) {
        this.buffered = buffered;
        this.direct = direct;
        this.alignment = alignment;
    }

    /**
     * Creates {@code file} (which must not exist) for writing; with {@code tryDirect}, also opens it for
     * direct writes when its file system allows.
     */
    static OutputFile create(Path file, boolean tryDirect) throws IOException {
        FileChannel buffered = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel direct = null;
        int alignment = 0;
        if (tryDirect) {
            try {
                long blockSize = Files.getFileStore(file).getBlockSize();
                if (blockSize > 0 && blockSize <= MAX_ALIGNMENT && Long.bitCount(blockSize) == 1) {
                    alignment = (int) blockSize;
                    direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
                }
            } catch (IOException | UnsupportedOperationException e) {
                direct = null; // e.g. tmpfs: EINVAL; everything goes through the page cache
            }
        }
        return new OutputFile(buffered, direct, alignment);
    }

    /** Appends the remaining bytes of {@code buf} (blocking); its position ends at its limit. */
    void write(ByteBuffer buf) throws IOException {
        if (direct == null) {
            writeBuffered(buf);
            return;
        }
        if (stage == null) {
            // aligned for any file-system block size this class takes; a multiple of every one of them
            stage = ByteBuffer.allocateDirect(STAGE + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT).limit(STAGE).slice();
        }
        while (buf.hasRemaining()) {
            int n = Math.min(stage.remaining(), buf.remaining());
            stage.put(buf.slice().limit(n));
            buf.position(buf.position() + n);
            if (!stage.hasRemaining()) {
                writeStage(stage.capacity());
                if (direct == null) { // the direct write failed: the rest goes through the page cache
                    writeBuffered(buf);
                    return;
                }
            }
        }
    }

    /** Bytes written around the page cache so far. */
    long directBytes() {
        return directBytes;
    }

    /** The file-system block size direct writes are aligned to (0 when the file is not open for them). */
    int alignment() {
        return alignment;
    }

    /** Whether the file is open for writes around the page cache. */
    boolean direct() {
        return direct != null;
    }

    /**
     * Writes the first {@code n} staged bytes ({@code n} a multiple of the alignment) around the page cache,
     * and keeps the rest staged; when the file system refuses the write, writes every staged byte through the
     * page cache instead and stops writing direct.
     */
    private void writeStage(int n) throws IOException {
        stage.flip();
        ByteBuffer out = stage.duplicate().limit(n);
        try {
            for (long at = position; out.hasRemaining(); ) {
                at += direct.write(out, at);
            }
        } catch (IOException e) {
            // the file system took the open but not the write: everything staged goes through the page cache
            // (positional writes, so whatever part landed is simply overwritten)
            closeDirect();
            writeBuffered(stage);
            stage.clear();
            return;
        }
        directBytes += n;
        position += n;
        stage.position(n).compact();
    }

    private void writeBuffered(ByteBuffer buf) throws IOException {
        int n = buf.remaining();
        for (long at = position; buf.hasRemaining(); ) {
            at += buffered.write(buf, at);
        }
        position += n;
        buffered(n);
    }

    private void buffered(long n) {
        unflushed += n;
        if (unflushed >= FLUSH_EVERY && flushing.compareAndSet(false, true)) {
            unflushed = 0;
            lastFlush = CompletableFuture.runAsync(() -> {
                try {
                    buffered.force(false);
                } catch (IOException e) {
                    flushFailed = e; // reported by finish()
                } finally {
                    flushing.set(false);
                }
            }, r -> Schedulers.boundedElastic().schedule(r));
        }
    }

    /**
     * Writes what is staged (direct up to the last whole file-system block, the rest through the page cache),
     * waits for a running background flush, then flushes the whole file to disk (blocking).
     */
    void finish() throws IOException {
        if (stage != null && direct != null) {
            int whole = stage.position() - stage.position() % alignment;
            if (whole > 0) {
                writeStage(whole);
            }
            stage.flip();
            writeBuffered(stage);
            stage.clear();
        }
        lastFlush.join();
        IOException earlier = flushFailed;
        if (earlier != null) {
            throw earlier;
        }
        buffered.force(false); // fdatasync of the file: the direct blocks' device cache and the file's size too
    }

    private void closeDirect() {
        FileChannel d = direct;
        direct = null;
        try {
            d.close();
        } catch (IOException ignored) {
            // nothing was left to write through it
        }
    }

    @Override
    public void close() throws IOException {
        if (direct != null) {
            closeDirect();
        }
        buffered.close();
    }
}
