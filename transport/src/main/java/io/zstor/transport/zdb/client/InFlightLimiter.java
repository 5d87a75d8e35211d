package io.zstor.transport.zdb.client;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * An asynchronous semaphore bounding the commands in flight on one connection. A command without a permit
 * waits in a FIFO queue without blocking a thread; the permit is returned when the command completes, fails
 * or is cancelled, and a waiter cancelled before it got a permit leaves the queue. The monitor guards only a
 * counter and a queue, never I/O or a callback.
 *
 * <p>Every acquisition has its own {@link Permit}, released at most once: by the command's end, or by the
 * cancellation of a caller that was granted the permit but never received it (a caller's deadline can fire
 * on another thread between its subscription and the grant). Without that, such a permit was taken and never
 * returned, and after {@link #limit()} of them every later command on the connection waited forever.
 */
final class InFlightLimiter {

    private final int limit;
    private final ArrayDeque<Permit> waiters = new ArrayDeque<>();
    private int available;

    InFlightLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.available = limit;
    }

    /** Runs the Mono from {@code body} (assembled lazily) once a permit is held; releases it on any end. */
    <T> Mono<T> withPermit(Supplier<Mono<T>> body) {
        return Mono.usingWhen(acquire(), p -> body.get(),
                Permit::releasing,
                (p, e) -> p.releasing(),
                Permit::releasing);
    }

    /** The configured bound. */
    int limit() {
        return limit;
    }

    /** Permits currently held by running commands. */
    synchronized int inUse() {
        return limit - available;
    }

    /** Commands waiting for a permit. */
    synchronized int waiting() {
        return waiters.size();
    }

    private Mono<Permit> acquire() {
        return Mono.create(sink -> {
            Permit permit = new Permit(sink);
            boolean granted;
            synchronized (this) {
                granted = available > 0;
                if (granted) {
                    available--;
                    permit.state = Permit.HELD;
                } else {
                    waiters.addLast(permit);
                }
            }
            // registered before the permit is handed over: runs at once if the caller is gone already, and
            // runs whenever the caller goes before receiving it (never after: the sink has terminated then)
            sink.onCancel(permit);
            if (granted) {
                sink.success(permit);
            }
        });
    }

    /** Hands a returned permit to the oldest waiter, or back to the pool. */
    private void handOver() {
        Permit next;
        synchronized (this) {
            next = waiters.pollFirst();
            if (next == null) {
                available++;
            } else {
                next.state = Permit.HELD;
            }
        }
        if (next != null) {
            // a waiter cancelled meanwhile discards it; its cancel hook then finds it HELD and passes it on
            next.sink.success(next);
        }
    }

    /**
     * One acquisition: waiting in the queue, holding a permit, or done. Only a holder's release (by the
     * command's end or by its caller's cancellation, whichever comes first) returns the permit.
     */
    private final class Permit implements Disposable {

        static final int WAITING = 0;
        static final int HELD = 1;
        static final int DONE = 2;

        private static final AtomicIntegerFieldUpdater<Permit> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Permit.class, "state");

        final MonoSink<Permit> sink;
        /** WAITING to HELD and WAITING to DONE under the limiter's monitor; HELD to DONE by compare-and-set. */
        volatile int state = WAITING;

        Permit(MonoSink<Permit> sink) {
            this.sink = sink;
        }

        /** Returns the permit if this acquisition holds it and has not returned it yet. */
        void release() {
            if (STATE.compareAndSet(this, HELD, DONE)) {
                handOver();
            }
        }

        /** {@link #release()} as the cleanup step of {@code usingWhen}. */
        Mono<Void> releasing() {
            return Mono.fromRunnable(this::release);
        }

        /** The caller cancelled: leave the queue if still waiting, else return the permit if it was granted. */
        @Override
        public void dispose() {
            synchronized (InFlightLimiter.this) {
                if (state == WAITING) {
                    state = DONE;
                    waiters.remove(this);
                    return;
                }
            }
            release();
        }

        @Override
        public boolean isDisposed() {
            return state == DONE;
        }
    }
}
