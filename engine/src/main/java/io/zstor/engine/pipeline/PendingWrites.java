package io.zstor.engine.pipeline;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * The piece writes of one store or rebuild that are still running, so that a discard after a failure or a
 * cancellation knows every piece that reached a backend: a cancelled SET may still land on the server.
 * {@link #run} runs a write to its end even when its caller is cancelled; {@link #closeAndAwait} stops new
 * writes and waits for the running ones.
 *
 * <p>Starting and closing exclude each other (a short monitor, never held across I/O: {@code toFuture()}
 * only subscribes), so the discard's snapshot holds every write that can still land: without it a write
 * could start between the discard's snapshot and the cancellation reaching the piece loop, and its piece
 * would be left behind. A write leaves the set when it ends (its caller has recorded its key by then), so the
 * set holds at most the writes in flight, not one entry per piece of the whole object.
 */
final class PendingWrites {

    private final Set<CompletableFuture<?>> running = new HashSet<>();
    private boolean closed;

    /** {@code write}, run to its end even if the returned Mono is cancelled; an error once closed. */
    <T> Mono<T> run(Mono<T> write) {
        return Mono.defer(() -> {
            CompletableFuture<T> future = start(write);
            return future == null ? Mono.error(new CancellationException("the write was aborted"))
                    : Mono.fromFuture(future, true);
        });
    }

    /** Starts {@code write} and records it until it ends, or returns null when closed. */
    private synchronized <T> CompletableFuture<T> start(Mono<T> write) {
        if (closed) {
            return null;
        }
        CompletableFuture<T> future = write.toFuture();
        running.add(future);
        future.whenComplete((r, e) -> ended(future)); // at once, on this thread, if it already ended
        return future;
    }

    private synchronized void ended(CompletableFuture<?> future) {
        running.remove(future);
    }

    /** On subscription, stops new writes; completes when every running one has ended, however it ended. */
    Mono<Void> closeAndAwait() {
        return Mono.fromFuture(() -> {
            CompletableFuture<?>[] all;
            synchronized (this) {
                closed = true;
                all = running.toArray(new CompletableFuture<?>[0]);
            }
            return CompletableFuture.allOf(all).handle((x, e) -> null);
        });
    }
}
