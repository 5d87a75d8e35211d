package io.zstor.transport.daemon;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fails a running data command that shows no sign of life for too long: no progress event and no reply
 * within the idle timeout. A store or retrieve moves its progress every block, so a command that stays
 * silent that long is stuck (a lost signal, a backend that hangs below every client timeout); it is
 * cancelled, which rolls a store back, and the client gets a {@link ErrorKind#TIMEOUT} error instead of
 * waiting forever. The clock starts when the command gets its permit, so waiting in the queue never counts.
 */
final class IdleDeadline {

    private final Duration idle;
    private volatile long lastSign = System.nanoTime();

    IdleDeadline(Duration idle) {
        this.idle = idle;
    }

    /** Records a sign of life (a progress event or a reply). */
    void touch() {
        lastSign = System.nanoTime();
    }

    /** {@code work} failing with a TIMEOUT error once it has been silent for the idle timeout. */
    <T> Flux<T> guard(Flux<T> work) {
        return Flux.defer(() -> {
            touch();
            Duration tick = Duration.ofMillis(Math.max(10, Math.min(1000, idle.toMillis() / 4)));
            Mono<Long> silent = Flux.interval(tick, tick)
                    .filter(t -> System.nanoTime() - lastSign > idle.toNanos())
                    .next();
            return work.doOnNext(x -> touch())
                    .timeout(silent, x -> silent, Flux.error(() -> new DaemonCommandException(ErrorKind.TIMEOUT,
                            "the command made no progress for " + idle.toSeconds() + " s and was aborted")));
        });
    }
}
