package io.zstor.engine.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a stream of buffers of any sizes into blocks of exactly {@code blockSize} bytes (the last block may
 * be shorter; an empty stream gives no block). Buffers are copied, so callers may reuse theirs once they
 * are emitted. Demand is passed upstream a few buffers at a time, so memory stays bounded.
 */
final class BlockCutter {

    private final int blockSize;
    private byte[] current;
    private int filled;
    private int nextIndex;

    private BlockCutter(int blockSize) {
        this.blockSize = blockSize;
    }

    /** The blocks of {@code source}. */
    static Flux<Block> cut(Flux<ByteBuffer> source, int blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive");
        }
        return Flux.defer(() -> {
            BlockCutter cutter = new BlockCutter(blockSize);
            return source.concatMapIterable(cutter::feed, 2)
                    .concatWith(Mono.fromSupplier(cutter::finish).flatMap(Mono::justOrEmpty));
        });
    }

    private List<Block> feed(ByteBuffer buffer) {
        List<Block> out = new ArrayList<>(1);
        ByteBuffer src = buffer.duplicate();
        while (src.hasRemaining()) {
            if (current == null) {
                current = new byte[blockSize];
                filled = 0;
            }
            int n = Math.min(src.remaining(), blockSize - filled);
            src.get(current, filled, n);
            filled += n;
            if (filled == blockSize) {
                out.add(new Block(nextIndex++, current, filled));
                current = null;
            }
        }
        return out;
    }

    private java.util.Optional<Block> finish() {
        if (current == null || filled == 0) {
            return java.util.Optional.empty();
        }
        Block last = new Block(nextIndex++, current, filled);
        current = null;
        return java.util.Optional.of(last);
    }
}
