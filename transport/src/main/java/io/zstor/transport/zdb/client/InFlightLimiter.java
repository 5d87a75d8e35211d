package io.zstor.transport.zdb.client;

import java.util.ArrayDeque;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * An asynchronous semaphore bounding the commands in flight on one connection. A command without a permit
 * waits in a FIFO queue without blocking a thread; the permit is returned when the command completes, fails
 * or is cancelled, and a waiter cancelled before it got a permit leaves the queue. The monitor guards only a
 * counter and a queue, never I/O or a callback.
 */
final class InFlightLimiter {

    private static final Object PERMIT = new Object();

    private final int limit;
    private final ArrayDeque<MonoSink<Object>> waiters = new ArrayDeque<>();
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
                p -> Mono.fromRunnable(this::release),
                (p, e) -> Mono.fromRunnable(this::release),
                p -> Mono.fromRunnable(this::release));
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

    private Mono<Object> acquire() {
        return Mono.create(sink -> {
            boolean granted;
            synchronized (this) {
                granted = available > 0;
                if (granted) {
                    available--;
                } else {
                    waiters.addLast(sink);
                }
            }
            if (granted) {
                sink.success(PERMIT);
            } else {
                sink.onCancel(() -> abandon(sink));
            }
        });
    }

    private void abandon(MonoSink<Object> sink) {
        boolean stillQueued;
        synchronized (this) {
            stillQueued = waiters.remove(sink);
        }
        if (!stillQueued) {
            // the permit was handed to this waiter concurrently with its cancellation: pass it on
            release();
        }
    }

    private void release() {
        MonoSink<Object> next;
        synchronized (this) {
            next = waiters.pollFirst();
            if (next == null) {
                available++;
            }
        }
        if (next != null) {
            next.success(PERMIT);
        }
    }
}
