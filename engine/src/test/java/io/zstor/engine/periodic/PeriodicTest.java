package io.zstor.engine.periodic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicTest {

    private static void await(AtomicInteger n, int atLeast) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (n.get() < atLeast && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    @Test
    void roundsRepeatAndAFailedRoundDoesNotEndTheLoop() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        Periodic p = Periodic.roundThenWait("test round", () -> Duration.ofMillis(10), () -> rounds.incrementAndGet() % 2 == 0
                ? Mono.error(new IllegalStateException("every other round fails"))
                : Mono.empty());
        p.start();
        p.start(); // idempotent: still one loop
        await(rounds, 6);
        p.stop();
        assertThat(rounds.get()).isGreaterThanOrEqualTo(6);
        assertThat(p.isRunning()).isFalse();
        int stoppedAt = rounds.get();
        Thread.sleep(100);
        assertThat(rounds.get()).isLessThanOrEqualTo(stoppedAt + 1);
    }

    @Test
    void waitThenRoundWaitsBeforeTheFirstRound() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        Periodic p = Periodic.waitThenRound("test round", () -> Duration.ofMillis(300), () -> Mono.fromRunnable(rounds::incrementAndGet));
        p.start();
        Thread.sleep(100);
        assertThat(rounds.get()).isZero();
        await(rounds, 1);
        p.stop();
        assertThat(rounds.get()).isPositive();
    }
}
