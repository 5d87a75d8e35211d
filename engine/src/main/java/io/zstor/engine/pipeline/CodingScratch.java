package io.zstor.engine.pipeline;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The block-sized work buffers one block's coding borrows while it runs and then gives back: direct buffers
 * for the codecs that are fastest on them (snappy without copies, AES-GCM on JDK 17), heap buffers for the
 * ones that are fastest on arrays (AES-GCM from JDK 18 on).
 *
 * <p>Why a pool and not one set per thread: the coding scheduler has a thread per core, and every thread
 * eventually codes a block, so per-thread buffers grew with the core count (three 4 MiB direct buffers per
 * core: on 64 cores 768 MiB, past the heap-sized direct memory limit, and a store failed). Sets in the pool
 * never outnumber the blocks coded at the same moment, which the blocks in flight bound, whatever the number
 * of threads. Idle sets are kept for the next block; a store and a retrieve use the same slots for the same
 * stage, so a set holds at most two block-sized heap buffers (the JDK 18+ cipher path reads a store's
 * plaintext in place). Thread-safe; a set itself is used by one thread at a time.
 */
final class CodingScratch implements AutoCloseable {

    /** Slot of a block's plaintext. */
    static final int PLAIN = 0;
    /** Slot of its compressed form: the store's snappy output, the retrieve's opened unit. */
    static final int PAYLOAD = 1;
    /** Slot of its sealed unit: the store's cipher output, the retrieve's gathered pieces. */
    static final int SEALED = 2;

    private static final int SLOTS = 3;
    private static final int MIN_CAPACITY = 64 << 10;
    private static final ConcurrentLinkedQueue<CodingScratch> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger CREATED = new AtomicInteger();

    private final ByteBuffer[] direct = new ByteBuffer[SLOTS];
    private final ByteBuffer[] heap = new ByteBuffer[SLOTS];

    private CodingScratch() {
    }

    /** A set for one block's coding; give it back with {@link #close()} once its buffers are no longer read. */
    static CodingScratch borrow() {
        CodingScratch s = FREE.poll();
        if (s == null) {
            s = new CodingScratch();
            CREATED.incrementAndGet();
        }
        return s;
    }

    /** Sets created so far in this JVM: the most blocks that were ever coded at once. */
    static int created() {
        return CREATED.get();
    }

    /**
     * Buffer {@code slot} ({@link #PLAIN}, {@link #PAYLOAD} or {@link #SEALED}) of the kind asked for, cleared,
     * with at least {@code capacity} bytes and limit = capacity.
     */
    ByteBuffer buffer(boolean heap, int slot, int capacity) {
        ByteBuffer[] kept = heap ? this.heap : direct;
        ByteBuffer b = kept[slot];
        if (b == null || b.capacity() < capacity) {
            int size = Math.max(capacity, MIN_CAPACITY);
            b = heap ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
            kept[slot] = b;
        }
        return b.clear().limit(capacity);
    }

    /** Direct buffer {@code slot}, as {@link #buffer}. */
    ByteBuffer direct(int slot, int capacity) {
        return buffer(false, slot, capacity);
    }

    /** Heap buffer {@code slot}, as {@link #buffer}. */
    ByteBuffer heap(int slot, int capacity) {
        return buffer(true, slot, capacity);
    }

    /** Gives the set back to the pool. */
    @Override
    public void close() {
        FREE.offer(this);
    }
}
