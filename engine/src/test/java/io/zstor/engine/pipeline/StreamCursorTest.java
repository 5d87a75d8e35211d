package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** {@link StreamCursor}: every element in order, bounded, errors and early ends, and no park on the producer. */
class StreamCursorTest {

    /**
     * Producers on Reactor's parallel workers (non-blocking threads, checked by BlockHound in this JVM) racing a
     * reader that waits between elements. {@code toIterable()} loses a stream here within a few hundred: its
     * lock parks the worker, BlockHound throws out of onNext, and the reader waits forever.
     */
    @Test
    @Timeout(120)
    void producersOnNonBlockingThreadsNeverLoseAnElement() {
        for (int stream = 0; stream < 2_000; stream++) {
            int n = 1 + stream % 300;
            List<Integer> read = new ArrayList<>();
            try (StreamCursor<Integer> cursor = StreamCursor.open(Flux.range(0, n)
                    .concatMap(i -> Flux.just(i).publishOn(Schedulers.parallel()))
                    .timeout(Duration.ofSeconds(20)), 2)) {
                while (cursor.hasNext()) {
                    read.add(cursor.next());
                }
            }
            assertThat(read).as("stream %d", stream).containsExactlyElementsOf(Flux.range(0, n).toIterable());
        }
    }

    @Test
    void holdsAtMostPrefetchElementsNotYetRead() {
        AtomicLong requested = new AtomicLong();
        AtomicLong emitted = new AtomicLong();
        long mostAhead = 0;
        try (StreamCursor<Integer> cursor = StreamCursor.open(Flux.range(0, 1_000)
                .doOnRequest(requested::addAndGet)
                .doOnNext(i -> emitted.incrementAndGet()), 8)) {
            int read = 0;
            while (cursor.hasNext()) {
                assertThat(cursor.next()).isEqualTo(read);
                read++;
                mostAhead = Math.max(mostAhead, requested.get() - read);
            }
            assertThat(read).isEqualTo(1_000);
        }
        assertThat(mostAhead).isLessThanOrEqualTo(8);
        assertThat(emitted).hasValue(1_000);
    }

    @Test
    void anErrorComesAfterTheElementsBeforeIt() {
        try (StreamCursor<Integer> cursor = StreamCursor.open(
                Flux.just(1, 2).concatWith(Flux.error(new IllegalStateException("backend gone"))), 4)) {
            assertThat(cursor.next()).isEqualTo(1);
            assertThat(cursor.next()).isEqualTo(2);
            assertThatThrownBy(cursor::hasNext).isInstanceOf(IllegalStateException.class).hasMessage("backend gone");
        }
    }

    @Test
    void anEmptyStreamHasNoElement() {
        try (StreamCursor<Object> cursor = StreamCursor.open(Flux.empty(), 1)) {
            assertThat(cursor.hasNext()).isFalse();
            assertThatThrownBy(cursor::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void closingEarlyCancelsTheStream() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
        StreamCursor<Integer> cursor = StreamCursor.open(sink.asFlux().doOnCancel(() -> cancelled.set(true)), 4);
        sink.tryEmitNext(7);
        assertThat(cursor.next()).isEqualTo(7);
        cursor.close();
        cursor.close();
        assertThat(cancelled).isTrue();
    }

    @Test
    void closingFromAnotherThreadWakesAWaitingReader() throws InterruptedException {
        StreamCursor<Integer> cursor = StreamCursor.open(Flux.never(), 1);
        AtomicBoolean toldClosed = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                cursor.hasNext();
            } catch (CancellationException e) {
                toldClosed.set(true);
            }
        });
        reader.start();
        Thread.sleep(50); // most likely parked by now; either way it must end
        cursor.close();
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(toldClosed).isTrue();
    }

    @Test
    void anInterruptedReaderStopsWaitingAndCancels() throws InterruptedException {
        AtomicBoolean cancelled = new AtomicBoolean();
        StreamCursor<Integer> cursor = StreamCursor.open(
                Flux.<Integer>never().doOnCancel(() -> cancelled.set(true)), 1);
        AtomicBoolean interruptedOut = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                cursor.hasNext();
            } catch (RuntimeException e) {
                interruptedOut.set(e.getCause() instanceof InterruptedException && Thread.currentThread().isInterrupted());
            }
        });
        reader.start();
        reader.interrupt();
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(interruptedOut).isTrue();
        assertThat(cancelled).isTrue();
    }

    @Test
    void refusesAPrefetchBelowOne() {
        assertThatThrownBy(() -> StreamCursor.open(Flux.empty(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch");
    }
}
