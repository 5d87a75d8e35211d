package io.zstor.transport.daemon;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A reader of a retrieved stream that takes a few frames and then nothing until told ({@link #request}): a
 * client that stops reading, for the tests that the daemon holds such a stream back instead of buffering it.
 */
public final class StalledReader extends BaseSubscriber<ByteBuffer> {

    private final long initial;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Long> done = new CompletableFuture<>();

    /** @param initial data frames taken before it stalls */
    public StalledReader(long initial) {
        this.initial = initial;
    }

    /** Bytes received so far. */
    public long received() {
        return received.get();
    }

    /** Completes with the bytes received when the stream ends, exceptionally when it fails. */
    public CompletableFuture<Long> done() {
        return done;
    }

    @Override
    protected void hookOnSubscribe(Subscription s) {
        s.request(initial);
    }

    @Override
    protected void hookOnNext(ByteBuffer b) {
        received.addAndGet(b.remaining());
    }

    @Override
    protected void hookOnComplete() {
        done.complete(received.get());
    }

    @Override
    protected void hookOnError(Throwable e) {
        done.completeExceptionally(e);
    }
}
