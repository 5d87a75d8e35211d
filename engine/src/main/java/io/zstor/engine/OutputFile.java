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
 * <p>Whole blocks go around the page cache ({@code O_DIRECT}) where the file system allows it: a restore of
 * many GiB then neither fills the page cache with data nobody is about to read nor pays for allocating and
 * writing back a page per 4 KiB, which on virtual machines (each page allocation a trip to the host) cost
 * more CPU than the rest of the write path. A buffer goes direct when the file position and its length are
 * multiples of the file system's block size; it is copied into an aligned buffer of the writing thread (the
 * copy the JDK makes anyway for a heap buffer). Anything else (the last, shorter block, a file system that
 * refuses {@code O_DIRECT} such as tmpfs, a direct write that fails) is written through the page cache. The
 * two kinds never share a page, and {@link #finish()} flushes both: {@code fdatasync} covers the file's
 * blocks whichever way they were written.
 *
 * <p>Buffered bytes are flushed in the background every {@link #FLUSH_EVERY} bytes, so the final flush only has
 * the tail left. Not thread-safe: one writer at a time (the sink's single worker); blocking, so never on an
 * event loop.
 */
final class OutputFile implements Closeable {

    /** Buffered bytes between background flushes. */
    static final long FLUSH_EVERY = 64L << 20;

    private static final int MAX_ALIGNMENT = 64 << 10;
    /** Each writing thread's aligned buffer for direct writes (writers are a bounded set of worker threads). */
    private static final ThreadLocal<ByteBuffer> ALIGNED = new ThreadLocal<>();

    private final FileChannel buffered;
    private final int alignment;
    private FileChannel direct;
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
        int n = buf.remaining();
        if (direct == null || n == 0 || n % alignment != 0 || position % alignment != 0 || !writeDirect(buf)) {
            for (long at = position; buf.hasRemaining(); ) {
                at += buffered.write(buf, at);
            }
            buffered(n);
        }
        position += n;
    }

    /** Bytes written around the page cache so far. */
    long directBytes() {
        return directBytes;
    }

    /** Whether whole blocks go around the page cache. */
    boolean direct() {
        return direct != null;
    }

    private boolean writeDirect(ByteBuffer buf) {
        int n = buf.remaining();
        ByteBuffer aligned = ALIGNED.get();
        if (aligned == null || aligned.capacity() < n) {
            aligned = ByteBuffer.allocateDirect(n + alignment).alignedSlice(alignment);
            ALIGNED.set(aligned);
        }
        aligned.clear().put(buf.duplicate()).flip();
        try {
            for (long at = position; aligned.hasRemaining(); ) {
                at += direct.write(aligned, at);
            }
        } catch (IOException e) {
            // the file system took the open but not the write: the rest goes through the page cache, this
            // buffer too (positional writes, so whatever part landed is simply overwritten)
            closeDirect();
            return false;
        }
        buf.position(buf.limit());
        directBytes += n;
        return true;
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

    /** Waits for a running background flush, then flushes the whole file to disk (blocking). */
    void finish() throws IOException {
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
