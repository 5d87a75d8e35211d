package io.zstor.transport.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class CommandLimiterTest {

    @Test
    void boundsConcurrencyAndStartsWaitersInArrivalOrder() {
        CommandLimiter limiter = new CommandLimiter(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        List<Mono<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int id = i;
            jobs.add(limiter.limit(Flux.defer(() -> {
                started.add(id);
                max.accumulateAndGet(running.incrementAndGet(), Math::max);
                return Mono.delay(Duration.ofMillis(5)).thenReturn(id).doOnTerminate(running::decrementAndGet).flux();
            })).single());
        }
        // subscribe in order: each waiter enqueues at subscription time
        List<Integer> results = Flux.mergeSequential(Flux.fromIterable(jobs), 64, 1).collectList().block(Duration.ofSeconds(10));
        assertThat(results).hasSize(40);
        assertThat(max.get()).isEqualTo(3);
        // permits are granted in FIFO order; jobs granted together may start in any order among themselves
        assertThat(started).containsExactlyInAnyOrderElementsOf(results);
        for (int pos = 0; pos < started.size(); pos++) {
            assertThat(Math.abs(started.get(pos) - pos)).as("job %d started at %d", started.get(pos), pos).isLessThan(3);
        }
        assertThat(limiter.queued()).isZero();
        // a runner's count drops in doFinally, after its last signal reached the subscriber: it may lag block()
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (limiter.running() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(limiter.running()).isZero();
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndARunnerFreesItsPermit() {
        CommandLimiter limiter = new CommandLimiter(1);
        Sinks.Empty<Void> gate = Sinks.empty();
        Disposable first = limiter.limit(gate.asMono().flux()).subscribe();
        AtomicInteger ran = new AtomicInteger();
        Disposable waiting = limiter.limit(Flux.defer(() -> {
            ran.incrementAndGet();
            return Flux.empty();
        })).subscribe();
        assertThat(limiter.queued()).isEqualTo(1);
        waiting.dispose();
        assertThat(limiter.queued()).isZero();
        first.dispose();
        Integer v = limiter.limit(Flux.just(7)).blockLast(Duration.ofSeconds(5));
        assertThat(v).isEqualTo(7);
        assertThat(ran.get()).isZero();
    }
}
