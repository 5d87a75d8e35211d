package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class BlockCutterTest {

    private static final int BLOCK = 64 << 10;

    private static Flux<ByteBuffer> chunks(byte[] data, SplittableRandom random) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + random.nextInt(3 * BLOCK / 2));
            out.add(ByteBuffer.wrap(data, at, n));
            at += n;
        }
        return Flux.fromIterable(out);
    }

    private static byte[] joined(List<Block> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            assertThat(b.index()).isEqualTo(i);
            assertThat(b.length()).isEqualTo(i < blocks.size() - 1 ? BLOCK : b.length()).isPositive().isLessThanOrEqualTo(BLOCK);
            out.write(b.data(), 0, b.length());
        }
        return out.toByteArray();
    }

    @Test
    void blocksReassembleTheInputWhateverTheChunkingAndSizeHint() {
        SplittableRandom random = new SplittableRandom(3);
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 77}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            for (long hint : new long[] {-1, size, size / 2, size + 1000}) {
                List<Block> blocks = BlockCutter.cut(chunks(data, random), BLOCK, hint).collectList().block();
                assertThat(joined(blocks)).as("size %d hint %d", size, hint).isEqualTo(data);
                assertThat(blocks).hasSize((size + BLOCK - 1) / BLOCK);
            }
        }
    }

    @Test
    void aSmallObjectOfKnownSizeAllocatesItsSizeNotAWholeBlock() {
        byte[] data = new byte[4096];
        List<Block> blocks = BlockCutter.cut(Flux.just(ByteBuffer.wrap(data)), 4 << 20, data.length).collectList().block();
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).data()).hasSize(4096);
        // unknown size: a whole block, as before
        assertThat(BlockCutter.cut(Flux.just(ByteBuffer.wrap(data)), 4 << 20).blockFirst().data()).hasSize(4 << 20);
    }

    @Test
    void aPooledBlockArrayIsReusedOnlyOnceEveryHolderReleasedIt() {
        byte[] data = new byte[6 * BLOCK + 5];
        new SplittableRandom(9).nextBytes(data);
        LentArrays pool = new LentArrays(BLOCK, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Block> held = new ArrayList<>();
        BlockCutter.cut(chunks(data, new SplittableRandom(10)), BLOCK, -1, pool, 2).concatMap(b -> {
            out.write(b.data(), 0, b.length());
            arrays.add(b.data());
            assertThat(held).noneMatch(h -> h.data() == b.data()); // never an array of a block still held
            b.release();
            if (b.index() % 2 == 0) {
                b.release(); // both holders done: its array may serve a later block
            } else {
                held.add(b); // one holder still reads it
            }
            return Flux.just(b);
        }, 1).blockLast();
        assertThat(out.toByteArray()).isEqualTo(data);
        // blocks 0, 2, 4 and 6 share one array; 1, 3 and 5 each kept theirs
        assertThat(arrays).hasSize(4);
        assertThat(pool.kept()).isEqualTo(1);
    }
}
