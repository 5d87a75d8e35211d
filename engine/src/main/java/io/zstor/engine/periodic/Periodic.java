package io.zstor.engine.periodic;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A round of background work repeated forever: the backend monitor's checks, the repair sweeps and the cache
 * evictions all run this loop. The interval is read anew before every wait, so a reloaded config applies to
 * the next round; a failed round is logged in one line and the loop goes on; {@link #start()} and
 * {@link #stop()} are idempotent and thread-safe.
 */
public final class Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String what;
    private final Supplier<Duration> interval;
    private final Supplier<Mono<?>> round;
    private final boolean roundFirst;
    private final AtomicReference<Disposable> running = new AtomicReference<>();

    private Periodic(String what, Supplier<Duration> interval, Supplier<Mono<?>> round, boolean roundFirst) {
        this.what = what;
        this.interval = interval;
        this.round = round;
        this.roundFirst = roundFirst;
    }

    /** A loop whose first round runs at once, then after each interval. */
    public static Periodic roundThenWait(String what, Supplier<Duration> interval, Supplier<Mono<?>> round) {
        return new Periodic(what, interval, round, true);
    }

    /** A loop that waits one interval before each round, the first one included. */
    public static Periodic waitThenRound(String what, Supplier<Duration> interval, Supplier<Mono<?>> round) {
        return new Periodic(what, interval, round, false);
    }

    /** Starts the loop unless it runs already. */
    public void start() {
        Mono<Object> work = Mono.defer(round::get)
                .onErrorResume(e -> {
                    LOG.warn("{} failed: {}", what, e.getMessage());
                    return Mono.empty();
                })
                .then(Mono.empty());
        Mono<Long> wait = Mono.defer(() -> Mono.delay(interval.get()));
        Disposable loop = (roundFirst ? work.then(wait) : wait.then(work)).repeat().subscribe();
        if (!running.compareAndSet(null, loop)) {
            loop.dispose();
        }
    }

    /** Stops the loop; a round in progress is cancelled. */
    public void stop() {
        Disposable loop = running.getAndSet(null);
        if (loop != null) {
            loop.dispose();
        }
    }

    /** Whether the loop runs. */
    public boolean isRunning() {
        return running.get() != null;
    }
}
