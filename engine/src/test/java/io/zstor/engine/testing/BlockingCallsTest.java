package io.zstor.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BlockHound in the tests records a blocking call on a reactor thread and lets it proceed. */
class BlockingCallsTest {

    @AfterEach
    void forgetWhatThisTestProvoked() {
        BlockingCalls.drain(); // the calls below are made on purpose; the extension must not fail this class
    }

    @Test
    void aBlockingCallOnAParallelThreadIsRecordedWithItsThreadAndProceeds() {
        BlockingCalls.drain();
        String result = Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return Thread.currentThread().getName();
                })
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));
        List<BlockingCalls.Seen> seen = BlockingCalls.drain();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).hasMessageContaining("sleep").hasMessageEndingWith("non-blocking thread " + result);
        assertThat(seen.get(0).getStackTrace()).anyMatch(f -> f.getClassName().equals(BlockingCallsTest.class.getName()));
        assertThat(seen.get(0).where()).contains("java.lang.Thread.sleep(").contains("at reactor.core.publisher.MonoCallable.call(")
                .doesNotContain("reactor.blockhound").doesNotContain(BlockingCalls.class.getName() + ".");
    }

    /**
     * The failure this record replaced: BlockHound threw out of a contended {@code lock()} on a parallel
     * thread, and on JDK 17 that left the lock's queue with a waiter that never takes it. The next thread to
     * queue behind it was never woken.
     */
    @Test
    void aContendedLockOnAParallelThreadStaysUsableForLaterWaiters() throws InterruptedException {
        BlockingCalls.drain();
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        Mono<String> contender = Mono.fromCallable(() -> {
                    lock.lock();
                    lock.unlock();
                    return "locked";
                })
                .subscribeOn(Schedulers.parallel())
                .cache();
        contender.subscribe();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        awaitQueued(lock, deadline);
        assertThat(lock.hasQueuedThreads()).as("the parallel thread waits for the lock").isTrue();
        lock.unlock();
        assertThat(contender.block(Duration.ofSeconds(10))).isEqualTo("locked");

        lock.lock();
        CountDownLatch acquired = new CountDownLatch(1);
        Thread later = new Thread(() -> {
            lock.lock();
            lock.unlock();
            acquired.countDown();
        }, "later-waiter");
        later.start();
        awaitQueued(lock, deadline);
        lock.unlock();
        assertThat(acquired.await(10, TimeUnit.SECONDS)).as("a later waiter gets the lock").isTrue();
        assertThat(BlockingCalls.drain()).singleElement().satisfies(s -> assertThat(s).hasMessageContaining("park"));
    }

    /** Waits until a thread queues on {@code lock}, or until {@code deadline} ({@link System#nanoTime()}). */
    private static void awaitQueued(ReentrantLock lock, long deadline) {
        while (!lock.hasQueuedThreads() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
