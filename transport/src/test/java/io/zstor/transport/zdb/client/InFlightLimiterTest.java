package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

class InFlightLimiterTest {

    @Test
    void boundsConcurrentBodiesAndServesWaitersInOrder() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        List<Sinks.One<Integer>> bodies = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            Sinks.One<Integer> body = Sinks.one();
            bodies.add(body);
            limiter.withPermit(() -> {
                started.add(id);
                return body.asMono();
            }).subscribe(results::add);
        }
        assertThat(started).containsExactly(0, 1);
        assertThat(limiter.inUse()).isEqualTo(2);
        assertThat(limiter.waiting()).isEqualTo(3);

        bodies.get(1).tryEmitValue(1);
        assertThat(started).containsExactly(0, 1, 2);
        bodies.get(0).tryEmitError(new RuntimeException("fails, still releases"));
        assertThat(started).containsExactly(0, 1, 2, 3);
        bodies.get(2).tryEmitValue(2);
        bodies.get(3).tryEmitValue(3);
        bodies.get(4).tryEmitValue(4);
        assertThat(results).containsExactly(1, 2, 3, 4);
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void cancelledWaiterLeavesQueueAndCancelledHolderReleases() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        Disposable holder = limiter.withPermit(Mono::never).subscribe();
        AtomicInteger ran = new AtomicInteger();
        Disposable waiter = limiter.withPermit(() -> {
            ran.incrementAndGet();
            return Mono.never();
        }).subscribe();
        assertThat(limiter.waiting()).isEqualTo(1);
        waiter.dispose();
        assertThat(limiter.waiting()).isZero();
        holder.dispose();
        assertThat(limiter.inUse()).isZero();
        assertThat(ran).hasValue(0);
        assertThat(limiter.withPermit(() -> Mono.just("free")).block()).isEqualTo("free");
    }

    @Test
    void neverExceedsBoundUnderConcurrentLoadAndReturnsEveryPermit() {
        InFlightLimiter limiter = new InFlightLimiter(4);
        AtomicInteger current = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Long count = Flux.range(0, 2000)
                .flatMap(i -> limiter.withPermit(() -> Mono.fromCallable(() -> {
                            int now = current.incrementAndGet();
                            peak.accumulateAndGet(now, Math::max);
                            return i;
                        })
                        .delayElement(Duration.ofNanos(i % 3 == 0 ? 10_000 : 0), Schedulers.parallel())
                        // decrement before the result travels downstream (doFinally would run after the permit is released)
                        .doOnSuccess(v -> current.decrementAndGet())
                        .doOnCancel(current::decrementAndGet)
                        .timeout(Duration.ofMillis(i % 50 == 0 ? 0 : 10_000), Mono.just(-1))), 256)
                .subscribeOn(Schedulers.parallel())
                .count()
                .block(Duration.ofSeconds(30));
        assertThat(count).isEqualTo(2000);
        assertThat(peak.get()).isBetween(1, 4);
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void aCallerCancelledBeforeItsPermitIsGrantedLeaksNoPermit() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            // cancels on subscription, before the limiter hands out the permit (a caller's deadline firing then)
            limiter.withPermit(() -> {
                ran.incrementAndGet();
                return Mono.never();
            }).subscribe(new BaseSubscriber<Object>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    cancel();
                }
            });
        }
        assertThat(ran).hasValue(0);
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.withPermit(() -> Mono.just("free")).block(Duration.ofSeconds(5))).isEqualTo("free");
    }

    @Test
    void callersCancelledFromAnotherThreadAroundTheGrantLeakNoPermit() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(1_000_000);
        int n = 100_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            // the deadline's timer starts before the permit is taken and fires on another thread while (or just
            // after) the permit is granted
            limiter.withPermit(Mono::never)
                    .timeout(Duration.ofNanos(1 + (i % 2000)))
                    .doFinally(s -> done.countDown())
                    .subscribe(v -> { }, e -> { });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.inUse()).as("permits held after every caller gave up").isZero();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void aNamespaceSizedLimiterStillGrantsAfterManyCallersTimedOut() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(32);
        int n = 50_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            // commands of about 0.2 ms, each caller with a deadline between 1 ns and 0.5 ms
            limiter.withPermit(() -> Mono.delay(Duration.ofNanos(200_000)).thenReturn(1))
                    .timeout(Duration.ofNanos(1 + (i % 500_000)))
                    .doFinally(s -> done.countDown())
                    .subscribe(v -> { }, e -> { });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.withPermit(() -> Mono.just(7)).block(Duration.ofSeconds(5))).isEqualTo(7);
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.waiting()).isZero();
    }
}
