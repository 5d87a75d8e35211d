package io.zstor.engine.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a stream of buffers of any sizes into blocks of exactly {@code blockSize} bytes (the last block may
 * be shorter; an empty stream gives no block). Buffers are copied, so callers may reuse theirs once they
 * are emitted. Demand is passed upstream a few buffers at a time, so memory stays bounded.
 *
 * <p>A block's array is sized by what is left of the expected size when it is known, so a 4 KiB object
 * allocates 4 KiB, not a whole block (a 4 MiB array per small object cost most of the daemon's CPU in
 * zeroing and garbage collection). When the size is unknown or the input is longer than announced, the
 * array grows (doubling, at most to a block).
 */
final class BlockCutter {

    private static final int MIN_GROWTH = 64 << 10;

    private final int blockSize;
    private final long expectedSize;
    private final LentArrays pool;
    private final int holders;
    private long consumed;
    private byte[] current;
    private int filled;
    private int nextIndex;

    private BlockCutter(int blockSize, long expectedSize, LentArrays pool, int holders) {
        this.blockSize = blockSize;
        this.expectedSize = expectedSize;
        this.pool = pool;
        this.holders = holders;
    }

    /** The blocks of {@code source}, whose size is unknown. */
    static Flux<Block> cut(Flux<ByteBuffer> source, int blockSize) {
        return cut(source, blockSize, -1);
    }

    /** The blocks of {@code source}, expected to hold {@code expectedSize} bytes (-1 when unknown). */
    static Flux<Block> cut(Flux<ByteBuffer> source, int blockSize, long expectedSize) {
        return cut(source, blockSize, expectedSize, null, 0);
    }

    /**
     * Like {@link #cut(Flux, int, long)}, with whole-block arrays lent by {@code pool} (null: new arrays),
     * each block to be {@link Block#release() released} by {@code holders} consumers before its array is reused.
     */
    static Flux<Block> cut(Flux<ByteBuffer> source, int blockSize, long expectedSize, LentArrays pool, int holders) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive");
        }
        return Flux.defer(() -> {
            BlockCutter cutter = new BlockCutter(blockSize, expectedSize, pool, holders);
            return source.concatMapIterable(cutter::feed, 2)
                    .concatWith(Mono.fromSupplier(cutter::finish).flatMap(Mono::justOrEmpty));
        });
    }

    private List<Block> feed(ByteBuffer buffer) {
        List<Block> out = new ArrayList<>(1);
        ByteBuffer src = buffer.duplicate();
        while (src.hasRemaining()) {
            if (current == null) {
                int capacity = firstCapacity(src.remaining());
                current = pool != null && capacity == blockSize ? pool.apply(blockSize) : new byte[capacity];
                filled = 0;
            } else if (filled == current.length) {
                current = Arrays.copyOf(current, (int) Math.min(blockSize, Math.max(2L * current.length, MIN_GROWTH)));
            }
            int n = Math.min(src.remaining(), current.length - filled);
            src.get(current, filled, n);
            filled += n;
            consumed += n;
            if (filled == blockSize) {
                out.add(new Block(nextIndex++, current, filled, pool, holders));
                current = null;
            }
        }
        return out;
    }

    /** What is left of the expected size (at most a block), or a whole block when the size is unknown. */
    private int firstCapacity(int incoming) {
        if (expectedSize < 0) {
            return blockSize;
        }
        long left = expectedSize - consumed;
        return (int) Math.min(blockSize, Math.max(left > 0 ? left : incoming, 1));
    }

    private java.util.Optional<Block> finish() {
        if (current == null || filled == 0) {
            return java.util.Optional.empty();
        }
        Block last = new Block(nextIndex++, current, filled, pool, holders);
        current = null;
        return java.util.Optional.of(last);
    }
}
