package io.zstor.engine.pipeline;

/**
 * Bounds the blocks one store or retrieve keeps in flight by the heap it may use, so that a large
 * {@code blocks_in_flight} or {@code block_size} can never run the JVM out of memory (an
 * {@link OutOfMemoryError} on a scheduler thread loses reactive signals and used to hang the command).
 *
 * <p>A block in flight holds its plaintext, its sealed unit and its k + m pieces, plus transient copies on
 * the wire path: about {@code (3 + n / k) x block} bytes. Each of the {@code concurrentOperations} that may
 * run at once (the daemon's {@code max_parallel_uploads}) gets an equal share of 70 % of the maximum heap (measured: one
 * store or retrieve with 4 blocks of 4 MiB in flight leaves 36-59 MiB live after a full collection).
 * Immutable and thread-safe.
 */
public final class MemoryBudget {

    private static final double HEAP_SHARE = 0.7;

    private final long bytesPerOperation;

    private MemoryBudget(long bytesPerOperation) {
        this.bytesPerOperation = bytesPerOperation;
    }

    /**
     * @param maxHeapBytes the heap limit ({@link Runtime#maxMemory()})
     * @param concurrentOperations operations that may run at once, at least 1
     */
    public static MemoryBudget of(long maxHeapBytes, int concurrentOperations) {
        return new MemoryBudget((long) (maxHeapBytes * HEAP_SHARE) / Math.max(1, concurrentOperations));
    }

    /**
     * The blocks in flight one operation may use: {@code configured}, lowered to what fits the budget, never
     * below 1.
     *
     * @param configured {@code blocks_in_flight}
     * @param blockBytes plaintext bytes per block
     * @param dataShards k
     * @param totalShards k + m
     */
    public int blocksInFlight(int configured, long blockBytes, int dataShards, int totalShards) {
        double perBlock = Math.max(1, blockBytes) * (3.0 + (double) totalShards / Math.max(1, dataShards));
        long fits = (long) (bytesPerOperation / perBlock);
        return (int) Math.max(1, Math.min(configured, fits));
    }

    /** Heap bytes one operation may hold. */
    public long bytesPerOperation() {
        return bytesPerOperation;
    }
}
