package io.zstor.transport.daemon;

import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * The idle clock of one running data command: a store or retrieve reports progress every block, so one
 * that stays silent (no progress event, no reply) for the idle timeout is stuck (a lost signal, a backend
 * that hangs below every client timeout). The daemon's single watchdog checks every command's clock once a
 * second and aborts the expired ones with {@link ErrorKind#TIMEOUT}, which cancels the work (a store is
 * rolled back) instead of leaving the client waiting forever. The clock runs only while the command holds its
 * permit, so waiting in the queue never counts; no timer is created per command.
 */
final class IdleDeadline {

    private final long idleNanos;
    private volatile long lastSign = System.nanoTime();
    private volatile boolean armed;

    IdleDeadline(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    /** Records a sign of life (a progress event or a reply). */
    void touch() {
        lastSign = System.nanoTime();
    }

    /** True when the command is running and has been silent for longer than the idle timeout. */
    boolean expired(long now) {
        return armed && now - lastSign > idleNanos;
    }

    /** The idle timeout, for messages. */
    Duration idle() {
        return Duration.ofNanos(idleNanos);
    }

    /** {@code work} with its clock armed while it runs and touched by each of its replies. */
    <T> Flux<T> guard(Flux<T> work) {
        return Flux.defer(() -> {
            touch();
            armed = true;
            return work.doOnNext(x -> touch()).doFinally(s -> armed = false);
        });
    }
}
