package io.zstor.perf.e2e;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Fills the machine's free memory with clean page cache before a measured phase, so that every phase finds
 * memory in the same state: full of cache the kernel can reclaim, as on a storage host that has been up for a
 * while.
 *
 * <p>Why: the VMs these benchmarks run on (Firecracker, {@code virtio_balloon} free page reporting) hand memory
 * that stays free back to the host, and the first write into such a page afterwards costs a fault on the host.
 * A 0-db writing into the page cache pays it per page: writing 6 GiB with {@code dd} took 17.5 s of system CPU
 * on reported memory, 2.1 s once the same memory was full of clean cache ({@code perf/RESULTS.md}). Which phase
 * met which kind of memory depended on what the phase before had deleted and when, so the 0-dbs' CPU for the same
 * bytes swung between 6 and 14 s/GiB, and the ratio of zstor to the ceiling with it. With the ballast both meet
 * reclaimable cache.
 *
 * <p>How: reads never-read ranges of a sparse file ({@value #CHUNK_MIB} MiB at a time, from a cursor that only
 * moves forward) until {@code MemFree} of {@code /proc/meminfo} is at most {@value #TARGET_FREE_MIB} MiB or stops
 * falling (the kernel's own reclaim then holds it at a floor: about 600 MB on the 24 GiB VMs). A hole
 * reads as zeros without any disk I/O, but the kernel still caches a page for it. Those pages are clean and
 * were read once, so they are the first the kernel reclaims when a phase needs memory; re-reading cached ranges
 * would instead mark them active, which is why the cursor never goes back (until it wraps, after the file's
 * {@value #FILE_TIB} TiB). Does nothing without {@code /proc/meminfo}; gives up for the rest of the run, with a
 * warning, when its first reads do not lower {@code MemFree} although more than 2 GiB are free (a file system
 * that caches no pages for holes, such as tmpfs).
 */
final class PageCacheBallast implements AutoCloseable {

    /** Free memory a fill aims for; above the kernel's high watermarks (~115 MB on the 24 GiB VMs). */
    static final long TARGET_FREE_MIB = 256;
    /** Bytes read between two looks at {@code MemFree}. */
    static final long CHUNK_MIB = 64;
    /** Size of the sparse file: room for many fills before the cursor wraps. */
    static final long FILE_TIB = 1;
    /**
     * Reading this much without lowering free memory by a quarter of it means that the kernel's reclaim holds free
     * memory at a floor (kswapd keeps ~600 MB free on the 24 GiB VMs) or, when nothing was lowered at all, that
     * holes are not cached here.
     */
    private static final long PROGRESS_WINDOW = 256L << 20;
    /** Free memory up to which a stall before any progress is taken for the floor rather than for uncached holes. */
    private static final long FLOOR_AT_MOST = 2L << 30;

    /** Reads {@code length} bytes of the ballast file at {@code position}. */
    interface RangeReader {
        void read(long position, long length) throws IOException;
    }

    private final LongSupplier freeBytes;
    private final RangeReader reader;
    private final long fileBytes;
    private final Closeable file;
    private long cursor;
    /** Whether reading has lowered free memory at least once (so holes are cached here). */
    private boolean proven;
    private boolean disabled;
    private long fills;
    private long bytesRead;
    private long nanos;

    PageCacheBallast(LongSupplier freeBytes, RangeReader reader, long fileBytes, Closeable file) {
        this.freeBytes = freeBytes;
        this.reader = reader;
        this.fileBytes = fileBytes;
        this.file = file;
    }

    /** A ballast on a new sparse file in {@code dir}, deleted again by {@link #close}; inert off Linux. */
    static PageCacheBallast open(Path dir) throws IOException {
        if (ProcFs.memFreeBytes().isEmpty()) {
            return new PageCacheBallast(() -> -1, (p, l) -> { }, 0, () -> { });
        }
        Path path = dir.resolve("page-cache-ballast");
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
        try {
            raf.setLength(FILE_TIB << 40); // sparse: no blocks allocated
        } catch (IOException e) {
            raf.close();
            Files.deleteIfExists(path);
            throw e;
        }
        FileChannel channel = raf.getChannel();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        RangeReader reader = (position, length) -> {
            for (long done = 0; done < length; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
                int n = channel.read(buffer, position + done);
                if (n < 0) {
                    return;
                }
                done += n;
            }
        };
        return new PageCacheBallast(() -> ProcFs.memFreeBytes().orElse(-1), reader, FILE_TIB << 40, () -> {
            raf.close();
            Files.deleteIfExists(path);
        });
    }

    /**
     * Reads ballast until free memory is at most {@value #TARGET_FREE_MIB} MiB (a no-op when it already is).
     *
     * @return bytes read
     */
    long fill() {
        long free = freeBytes.getAsLong();
        long target = TARGET_FREE_MIB << 20;
        if (disabled || free < 0 || free <= target) {
            return 0;
        }
        long start = System.nanoTime();
        long chunk = CHUNK_MIB << 20;
        long read = 0;
        long windowFree = free;
        long windowRead = 0;
        try {
            while (free > target) {
                if (cursor + chunk > fileBytes) {
                    cursor = 0;
                }
                reader.read(cursor, chunk);
                cursor += chunk;
                read += chunk;
                windowRead += chunk;
                free = freeBytes.getAsLong();
                if (windowRead >= PROGRESS_WINDOW) {
                    if (windowFree - free < windowRead / 4) {
                        if (proven || free <= FLOOR_AT_MOST) {
                            break; // the floor the kernel's reclaim holds
                        }
                        disabled = true;
                        System.err.printf(Locale.ROOT, "e2e: reading the page-cache ballast does not lower free memory"
                                + " (%d MiB read, free %d -> %d MiB); phases run without it from here on%n",
                                windowRead >> 20, windowFree >> 20, free >> 20);
                        break;
                    }
                    proven = true;
                    windowFree = free;
                    windowRead = 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page-cache ballast", e);
        }
        fills++;
        bytesRead += read;
        nanos += System.nanoTime() - start;
        return read;
    }

    /** One line on what the ballast did over the run. */
    String summary() {
        return String.format(Locale.ROOT, "page-cache ballast: %.1f GiB read in %.0f s over %d fills%s",
                bytesRead / (double) (1L << 30), nanos / 1e9, fills,
                disabled ? " (then disabled: holes not cached here)" : "");
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
