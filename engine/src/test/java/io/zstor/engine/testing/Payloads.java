package io.zstor.engine.testing;

import io.zstor.engine.pipeline.StreamCursor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import reactor.core.publisher.Flux;

/** Test payloads: seeded random bytes, chunked streams, and collecting a stream back into bytes. */
public final class Payloads {

    /** Generous timeout for blocking test calls. */
    public static final Duration T = Duration.ofSeconds(60);

    private Payloads() {
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The bytes as a stream of 8 KiB buffers. */
    public static Flux<ByteBuffer> stream(byte[] data) {
        int chunk = 8192;
        return Flux.range(0, (data.length + chunk - 1) / chunk)
                .map(i -> ByteBuffer.wrap(data, i * chunk, Math.min(chunk, data.length - i * chunk)).slice());
    }

    /**
     * Concatenates a stream (test sizes only), read through a {@link StreamCursor}: {@code toIterable()} would
     * take a lock on the coding worker for each buffer, which BlockHound rejects under contention, losing the
     * stream. A stream that goes {@link #T} without a signal fails the test with a
     * {@link java.util.concurrent.TimeoutException}, instead of blocking the build forever.
     */
    public static byte[] collect(Flux<ByteBuffer> flux) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamCursor<ByteBuffer> buffers = StreamCursor.open(flux.timeout(T), 16)) {
            while (buffers.hasNext()) {
                ByteBuffer b = buffers.next();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                out.write(a, 0, a.length);
            }
        }
        return out.toByteArray();
    }
}
