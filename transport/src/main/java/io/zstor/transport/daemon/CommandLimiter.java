package io.zstor.transport.daemon;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A fair, non-blocking bound on commands running at once: at most {@code permits} wrapped publishers run
 * concurrently, the others wait in strict FIFO order (first come, first served, so no client starves).
 * A waiter cancelled before it got its turn leaves the queue; a runner frees its permit on any
 * termination. No thread ever blocks: a waiter is a subscription that is resumed when a permit frees.
 */
public final class CommandLimiter {

    private final int permits;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final AtomicInteger running = new AtomicInteger();
    private int granted;

    /**
     * Creates the limiter.
     *
     * @param permits commands allowed to run at once, at least 1
     */
    public CommandLimiter(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, got " + permits);
        }
        this.permits = permits;
    }

    /** Runs {@code work} once a permit is free; the permit is held until {@code work} terminates or is cancelled. */
    public <T> Flux<T> limit(Flux<T> work) {
        return Flux.defer(() -> {
            Waiter w = new Waiter();
            enqueue(w);
            // hop off the releasing thread so a long queue of instant commands cannot recurse
            return w.go.asMono().publishOn(Schedulers.parallel()).thenMany(Flux.defer(() -> {
                running.incrementAndGet();
                return work.doFinally(s -> running.decrementAndGet());
            })).doFinally(s -> w.finish());
        });
    }

    /** Commands waiting for a permit. */
    public synchronized int queued() {
        return queue.size();
    }

    /** Commands currently running. */
    public int running() {
        return running.get();
    }

    /** The bound. */
    public int permits() {
        return permits;
    }

    private void enqueue(Waiter w) {
        boolean now;
        synchronized (this) {
            now = granted < permits && queue.isEmpty();
            if (now) {
                granted++;
                w.state = Waiter.GRANTED;
            } else {
                queue.addLast(w);
            }
        }
        if (now) {
            w.go.tryEmitEmpty();
        }
    }

    private void release(Waiter w) {
        Waiter next;
        synchronized (this) {
            if (w.state == Waiter.WAITING) {
                queue.remove(w);
                w.state = Waiter.DONE;
                return;
            }
            if (w.state != Waiter.GRANTED) {
                return;
            }
            w.state = Waiter.DONE;
            next = queue.pollFirst();
            if (next == null) {
                granted--;
            } else {
                next.state = Waiter.GRANTED;
            }
        }
        if (next != null) {
            next.go.tryEmitEmpty();
        }
    }

    private final class Waiter {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int DONE = 2;

        final Sinks.Empty<Void> go = Sinks.empty();
        int state = WAITING; // guarded by the limiter's monitor

        void finish() {
            release(this);
        }
    }
}
