package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class KeyLocksTest {

    static final Duration T = Duration.ofSeconds(10);

    final KeyLocks locks = new KeyLocks();
    final List<String> log = new CopyOnWriteArrayList<>();

    /** A section that logs its start and ends when {@code end} is emitted. */
    Mono<String> section(String name, Sinks.Empty<Void> end) {
        return Mono.fromRunnable(() -> log.add(name)).then(end.asMono()).thenReturn(name);
    }

    @Test
    void sectionsOfOneKeyRunOneAtATimeInArrivalOrder() {
        Sinks.Empty<Void> endA = Sinks.empty();
        Sinks.Empty<Void> endB = Sinks.empty();
        Sinks.Empty<Void> endC = Sinks.empty();
        var a = locks.exclusive("k", section("a", endA)).toFuture();
        var b = locks.exclusive("k", section("b", endB)).toFuture();
        var c = locks.exclusive("k", section("c", endC)).toFuture();
        assertThat(log).containsExactly("a");
        assertThat(locks.waiting("k")).isEqualTo(3);
        endA.tryEmitEmpty();
        assertThat(a).isCompletedWithValue("a");
        assertThat(log).containsExactly("a", "b");
        endB.tryEmitEmpty();
        assertThat(log).containsExactly("a", "b", "c");
        endC.tryEmitEmpty();
        assertThat(b).isCompletedWithValue("b");
        assertThat(c).isCompletedWithValue("c");
        assertThat(locks.waiting("k")).isZero();
    }

    @Test
    void otherKeysDoNotWait() {
        Sinks.Empty<Void> endA = Sinks.empty();
        locks.exclusive("k", section("a", endA)).subscribe();
        assertThat(locks.exclusive("other", Mono.just("x")).block(T)).isEqualTo("x");
        assertThat(log).containsExactly("a");
    }

    @Test
    void aFailedSectionHandsOnItsTurn() {
        Sinks.Empty<Void> endA = Sinks.empty();
        var a = locks.exclusive("k", section("a", endA)).toFuture();
        var b = locks.exclusive("k", Mono.just("b")).toFuture();
        endA.tryEmitError(new IllegalStateException("boom"));
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedWithValue("b");
        assertThat(locks.waiting("k")).isZero();
    }

    @Test
    void aCancelledWaiterLeavesWithoutRunningOrLettingTheNextOneJumpTheQueue() {
        Sinks.Empty<Void> endA = Sinks.empty();
        locks.exclusive("k", section("a", endA)).subscribe();
        Disposable b = locks.exclusive("k", section("b", Sinks.empty())).subscribe();
        var c = locks.exclusive("k", Mono.fromRunnable(() -> log.add("c")).thenReturn("c")).toFuture();
        b.dispose();
        assertThat(log).containsExactly("a"); // c still waits for a
        assertThat(locks.waiting("k")).isEqualTo(2);
        endA.tryEmitEmpty();
        assertThat(c).isCompletedWithValue("c");
        assertThat(log).containsExactly("a", "c");
        assertThat(locks.waiting("k")).isZero();
    }

    @Test
    void aCancelledHolderHandsOnItsTurn() {
        Disposable a = locks.exclusive("k", section("a", Sinks.empty())).subscribe();
        var b = locks.exclusive("k", Mono.just("b")).toFuture();
        assertThat(b).isNotDone();
        a.dispose();
        assertThat(b).isCompletedWithValue("b");
        assertThat(locks.waiting("k")).isZero();
    }
}
