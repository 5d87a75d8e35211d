package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.TestCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A 256 MiB streamed store: memory stays bounded because only a few blocks are ever in flight. */
class LargeStreamTest {

    static final int MIB = 1 << 20;
    static final int BLOCKS = 256;
    static final int IN_FLIGHT = 4;

    @Test
    void storesA256MiBStreamWithBoundedBlocksInFlight() {
        TestCluster cluster = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(MIB).blocksInFlight(IN_FLIGHT).build();
        cluster.dataBackends().forEach(s -> cluster.zdb(s).discardValues(true));
        InMemoryZdb first = cluster.zdb(cluster.dataBackends().get(0));
        AtomicInteger emitted = new AtomicInteger();
        AtomicLong maxAhead = new AtomicLong();
        Blake2b128 expected = new Blake2b128();
        SplittableRandom random = new SplittableRandom(42);
        Flux<ByteBuffer> source = Flux.generate(sink -> {
            int n = emitted.get();
            if (n == BLOCKS) {
                sink.complete();
                return;
            }
            maxAhead.accumulateAndGet(n - first.setCount(), Math::max);
            byte[] b = new byte[MIB];
            for (int i = 0; i < MIB; i += 8) {
                long v = random.nextLong();
                for (int j = 0; j < 8; j++) {
                    b[i + j] = (byte) (v >>> (8 * j));
                }
            }
            expected.update(b, 0, b.length);
            emitted.incrementAndGet();
            sink.next(ByteBuffer.wrap(b));
        });
        try (Zstor zstor = cluster.engine()) {
            StoreResult r = zstor.store("big", source, ProgressListener.NONE).block(Duration.ofMinutes(5));
            assertThat(r.size()).isEqualTo((long) BLOCKS * MIB);
            assertThat(r.blocks()).isEqualTo(BLOCKS);
            assertThat(r.checksumHex()).isEqualTo(Blake2b128.toHex(expected.finish()));
        }
        assertThat(first.setCount()).isEqualTo(BLOCKS);
        // the source never ran more than a handful of blocks ahead of the writes: bounded memory
        assertThat(maxAhead.get()).isLessThanOrEqualTo(IN_FLIGHT + 10);
    }
}
