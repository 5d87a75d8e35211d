package io.zstor.it.fault;

import io.zstor.engine.ProgressListener;
import io.zstor.engine.Zstor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;

/** Deterministic test objects and blocking store/retrieve helpers for the fault tests (test thread only). */
final class Objects {

    /** Longest any single engine call may take in these tests: a hang fails the test instead. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private Objects() {
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    /** The bytes as a stream of 64 KiB buffers. */
    static Flux<ByteBuffer> chunks(byte[] data) {
        List<ByteBuffer> list = new ArrayList<>();
        for (int off = 0; off < data.length; off += 64 << 10) {
            list.add(ByteBuffer.wrap(data, off, Math.min(64 << 10, data.length - off)));
        }
        return Flux.fromIterable(list).map(ByteBuffer::duplicate);
    }

    /** Stores and waits at most {@link #LIMIT}. */
    static void store(Zstor zstor, String key, byte[] data) {
        zstor.store(key, chunks(data), ProgressListener.NONE).block(LIMIT);
    }

    /** Retrieves into memory and waits at most {@link #LIMIT}. */
    static byte[] retrieve(Zstor zstor, String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        zstor.retrieve(key, ProgressListener.NONE).doOnNext(b -> {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            out.writeBytes(copy);
        }).then().block(LIMIT);
        return out.toByteArray();
    }
}
