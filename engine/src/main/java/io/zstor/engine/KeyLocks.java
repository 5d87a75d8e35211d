package io.zstor.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs the commit steps of the operations on one object key one at a time, in arrival order, without blocking
 * a thread while one waits. A store, delete, rebuild and repair each decide on metadata they read (the version
 * a store replaces and deletes the pieces of, the version a repair rewrites); two of them interleaving on one
 * key could save a version whose pieces the other just deleted. Within one engine (the daemon) they cannot:
 * each reads what it replaces and saves inside its key's turn.
 *
 * <p>A waiter that is cancelled leaves the queue without taking a turn; a turn ends when its section
 * completes, fails or is cancelled. Keys with nobody waiting are not remembered.
 */
final class KeyLocks {

    private final Map<String, ArrayDeque<Waiter>> queues = new HashMap<>();

    /** {@code section}, subscribed once every earlier section of {@code key} has ended. */
    <T> Mono<T> exclusive(String key, Mono<T> section) {
        return Mono.defer(() -> {
            Waiter waiter = new Waiter();
            if (enqueue(key, waiter)) {
                waiter.turn.tryEmitEmpty();
            }
            return waiter.turn.asMono().then(section).doFinally(s -> leave(key, waiter));
        });
    }

    /** Sections queued or running for {@code key} (for tests). */
    synchronized int waiting(String key) {
        ArrayDeque<Waiter> queue = queues.get(key);
        return queue == null ? 0 : queue.size();
    }

    /** Queues {@code waiter}; true when it is first and so holds the turn at once. */
    private synchronized boolean enqueue(String key, Waiter waiter) {
        ArrayDeque<Waiter> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
        queue.addLast(waiter);
        return queue.size() == 1;
    }

    /** Removes {@code waiter}; when it held the turn, hands the turn to the next one (outside the monitor). */
    private void leave(String key, Waiter waiter) {
        Waiter next = null;
        synchronized (this) {
            ArrayDeque<Waiter> queue = queues.get(key);
            if (queue == null) {
                return;
            }
            boolean held = queue.peekFirst() == waiter;
            queue.remove(waiter);
            if (queue.isEmpty()) {
                queues.remove(key);
            } else if (held) {
                next = queue.peekFirst();
            }
        }
        if (next != null) {
            next.turn.tryEmitEmpty();
        }
    }

    /** One section's place in its key's queue; {@code turn} completes when the section may start. */
    private static final class Waiter {
        final Sinks.Empty<Void> turn = Sinks.empty();
    }
}
