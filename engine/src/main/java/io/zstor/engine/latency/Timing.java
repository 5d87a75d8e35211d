package io.zstor.engine.latency;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * Times Reactor sequences with one {@link System#nanoTime()} pair per subscription and a single operator
 * (no {@code doOnX} chain): the clock starts when the sequence is subscribed to and stops at its end.
 *
 * <ul>
 *   <li>{@link #mono}: the end is the value (so a consumer cancelling after it does not count as a
 *       cancellation), or completion, error or cancellation;</li>
 *   <li>{@link #flux}: the end is completion, error or cancellation.</li>
 * </ul>
 * Exactly one outcome is recorded per subscription, even when a cancellation races with the end.
 */
public final class Timing {

    private Timing() {
    }

    /** Receives one timing; thread-safe, cheap, non-blocking, never throwing. */
    @FunctionalInterface
    public interface Recorder {

        /**
         * @param outcome how the sequence ended
         * @param nanos from subscription to the end
         */
        void record(Outcome outcome, long nanos);
    }

    /** {@code source}, timed into {@code recorder} on every subscription. */
    public static <T> Mono<T> mono(Mono<T> source, Recorder recorder) {
        return new TimedMono<>(source, recorder);
    }

    /** {@code source}, timed into {@code recorder} on every subscription. */
    public static <T> Flux<T> flux(Flux<T> source, Recorder recorder) {
        return new TimedFlux<>(source, recorder);
    }

    /** A recorder of one stage into {@code listener}; build it once and reuse it. */
    public static Recorder stage(StageListener listener, Stage stage) {
        return (outcome, nanos) -> listener.record(stage, outcome, nanos);
    }

    private static final class TimedMono<T> extends MonoOperator<T, T> {
        private final Recorder recorder;

        TimedMono(Mono<? extends T> source, Recorder recorder) {
            super(source);
            this.recorder = recorder;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            source.subscribe(new TimedSubscriber<>(actual, recorder, true));
        }
    }

    private static final class TimedFlux<T> extends FluxOperator<T, T> {
        private final Recorder recorder;

        TimedFlux(Flux<? extends T> source, Recorder recorder) {
            super(source);
            this.recorder = recorder;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            source.subscribe(new TimedSubscriber<>(actual, recorder, false));
        }
    }
}
