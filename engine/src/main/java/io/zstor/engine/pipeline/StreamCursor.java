package io.zstor.engine.pipeline;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;

/**
 * Reads a stream one element at a time on a plain thread (a CLI writing to standard output, a benchmark
 * comparing bytes, a test), with at most {@code prefetch} elements waiting, and cancels the stream when closed
 * early.
 *
 * <p>Why not {@code Flux.toIterable()}: its subscriber takes a lock on the producing thread for every element
 * to wake the reader, so under contention a coding worker or an event loop parks, a blocking call on a reactor
 * thread. BlockHound (every test JVM) rejects that park with an error thrown out of {@code onNext}, which loses
 * the element and the end of the stream: a retrieve then hung forever on an idle machine (seen about once in
 * a thousand in-memory retrieves). Here the producer only offers to a lock-free queue and unparks the reader,
 * neither of which can block.
 *
 * <p>One thread reads a cursor; {@link #close} may be called from any thread and is idempotent.
 *
 * @param <T> element type
 */
public final class StreamCursor<T> implements Iterator<T>, AutoCloseable {

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final int prefetch;
    private final int replenish;
    private final Receiver receiver = new Receiver();
    private volatile Subscription subscription;
    private volatile Thread reader;
    private volatile boolean done;
    private volatile Throwable error;
    private int consumed;

    private StreamCursor(int prefetch) {
        this.prefetch = prefetch;
        this.replenish = Math.max(1, prefetch - (prefetch >> 2));
    }

    /**
     * Subscribes to {@code source} and requests its first {@code prefetch} elements; more are requested as the
     * reader takes them.
     *
     * @param prefetch the most elements received and not yet read, at least 1
     */
    public static <T> StreamCursor<T> open(Publisher<? extends T> source, int prefetch) {
        Objects.requireNonNull(source, "source");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        StreamCursor<T> cursor = new StreamCursor<>(prefetch);
        source.subscribe(cursor.receiver);
        return cursor;
    }

    /**
     * Whether another element follows; waits for it (parking this thread) or for the end of the stream.
     *
     * @throws RuntimeException the stream's error, as {@link Exceptions#propagate} wraps it
     * @throws CancellationException once the cursor is closed (a reader waiting then is woken)
     */
    @Override
    public boolean hasNext() {
        while (true) {
            if (cancelled.get()) {
                throw new CancellationException("the stream was closed before its end");
            }
            if (!queue.isEmpty()) {
                return true;
            }
            if (done) {
                if (!queue.isEmpty()) {
                    return true; // an element offered just before the end
                }
                Throwable e = error;
                if (e != null) {
                    throw Exceptions.propagate(e);
                }
                return false;
            }
            reader = Thread.currentThread();
            if (queue.isEmpty() && !done && !cancelled.get()) {
                LockSupport.park(this);
            }
            reader = null;
            if (Thread.interrupted()) {
                close();
                Thread.currentThread().interrupt(); // the caller's to handle: keep the flag
                throw Exceptions.propagate(new InterruptedException("interrupted while reading a stream"));
            }
        }
    }

    /** The next element, waiting for it like {@link #hasNext}. */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = queue.poll();
        if (++consumed == replenish) {
            consumed = 0;
            subscription.request(replenish);
        }
        return t;
    }

    /**
     * Cancels the stream if it has not ended; elements not yet read are dropped, and a reader waiting in
     * {@link #hasNext} gets a {@link CancellationException}.
     */
    @Override
    public void close() {
        if (cancelled.compareAndSet(false, true)) {
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            queue.clear();
            wake();
        }
    }

    private void wake() {
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The subscriber side: never blocks, never takes a lock. */
    private final class Receiver implements CoreSubscriber<T> {

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(subscription, s)) {
                subscription = s;
                if (cancelled.get()) {
                    s.cancel();
                } else {
                    s.request(prefetch);
                }
            }
        }

        @Override
        public void onNext(T t) {
            if (cancelled.get()) {
                Operators.onDiscard(t, currentContext());
                return;
            }
            queue.offer(t);
            wake();
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            done = true;
            wake();
        }

        @Override
        public void onComplete() {
            done = true;
            wake();
        }
    }
}
