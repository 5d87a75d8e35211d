package io.zstor.engine.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class TimingTest {

    record Timed(Outcome outcome, long nanos) {
    }

    final List<Timed> timed = new CopyOnWriteArrayList<>();
    final Timing.Recorder recorder = (outcome, nanos) -> timed.add(new Timed(outcome, nanos));

    @Test
    void monoValueIsTimedFromSubscriptionToTheValue() {
        Mono<String> m = Timing.mono(Mono.delay(Duration.ofMillis(30)).thenReturn("v"), recorder);
        assertThat(timed).isEmpty(); // lazy: nothing before subscription
        assertThat(m.block(Duration.ofSeconds(5))).isEqualTo("v");
        assertThat(timed).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.OK);
            assertThat(t.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(25).toNanos()).isLessThan(Duration.ofSeconds(5).toNanos());
        });
        m.block(Duration.ofSeconds(5));
        assertThat(timed).hasSize(2); // once per subscription
    }

    @Test
    void emptyMonoIsOk() {
        Timing.mono(Mono.empty(), recorder).block(Duration.ofSeconds(5));
        assertThat(timed).extracting(Timed::outcome).containsExactly(Outcome.OK);
    }

    @Test
    void errorsAreErrorsAndTimeoutsAreTimeouts() {
        assertThatThrownBy(() -> Timing.mono(Mono.error(new ZdbException(ZdbErrorKind.UNREACHABLE, "b", "refused")), recorder)
                .block(Duration.ofSeconds(5))).isInstanceOf(ZdbException.class);
        assertThatThrownBy(() -> Timing.mono(Mono.error(new ZdbException(ZdbErrorKind.TIMEOUT, "b", "no reply")), recorder)
                .block(Duration.ofSeconds(5))).isInstanceOf(ZdbException.class);
        assertThatThrownBy(() -> Timing.mono(Mono.never().timeout(Duration.ofMillis(10)), recorder)
                .block(Duration.ofSeconds(5))).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(timed).extracting(Timed::outcome).containsExactly(Outcome.ERROR, Outcome.TIMEOUT, Outcome.TIMEOUT);
    }

    @Test
    void cancellationIsRecordedOnceAndNotAfterTheValue() {
        Sinks.One<String> sink = Sinks.one();
        StepVerifier.create(Timing.mono(sink.asMono(), recorder)).thenCancel().verify(Duration.ofSeconds(5));
        assertThat(timed).extracting(Timed::outcome).containsExactly(Outcome.CANCELLED);
        timed.clear();
        // a consumer cancelling right after the value (next()) does not turn a success into a cancellation
        Timing.mono(Mono.just(1), recorder).flux().next().block(Duration.ofSeconds(5));
        assertThat(timed).extracting(Timed::outcome).containsExactly(Outcome.OK);
    }

    @Test
    void fluxIsTimedToItsCompletionOrCancellation() {
        assertThat(Timing.flux(Flux.range(0, 5).delayElements(Duration.ofMillis(5)), recorder).collectList()
                .block(Duration.ofSeconds(5))).containsExactly(0, 1, 2, 3, 4);
        assertThat(timed).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.OK);
            assertThat(t.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        });
        timed.clear();
        assertThat(Timing.flux(Flux.range(0, 100), recorder).take(3).collectList().block(Duration.ofSeconds(5)))
                .hasSize(3);
        assertThat(timed).extracting(Timed::outcome).containsExactly(Outcome.CANCELLED);
    }

    @Test
    void aFailingRecorderDoesNotBreakTheSequence() {
        Timing.Recorder broken = (o, n) -> {
            throw new IllegalStateException("boom");
        };
        assertThat(Timing.mono(Mono.just("x"), broken).block(Duration.ofSeconds(5))).isEqualTo("x");
    }
}
