package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.netty.channel.EventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The I/O threads of a server: every accepted task runs once, a stop is bounded, event loops never block. */
class IoWorkersTest {

    @Test
    void runsTasksOnItsNamedThreadsAndSurvivesAThrowingTask() throws Exception {
        IoWorkers io = IoWorkers.start("t-io", 1);
        try {
            io.execute(() -> {
                throw new IllegalStateException("boom");
            });
            AtomicReference<String> ranOn = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            io.execute(() -> {
                ranOn.set(Thread.currentThread().getName());
                ran.countDown();
            });
            assertThat(ran.await(5, TimeUnit.SECONDS)).as("the one thread still runs tasks").isTrue();
            assertThat(ranOn.get()).isEqualTo("t-io-1");
        } finally {
            assertThat(io.stop(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void stopFinishesQueuedTasksThenRefusesNewOnes() throws Exception {
        IoWorkers io = IoWorkers.start("t-io", 2);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            io.execute(() -> {
                sleepQuietly(1);
                done.incrementAndGet();
            });
        }
        assertThat(io.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(done.get()).isEqualTo(200);
        assertThatThrownBy(() -> io.execute(done::incrementAndGet)).isInstanceOf(RejectedExecutionException.class)
                .hasMessage("I/O threads are stopped");
        assertThat(io.stop(Duration.ofSeconds(1))).as("idempotent").isTrue();
    }

    @Test
    void stopIsBoundedWhileATaskHangsAndSaysSo() throws Exception {
        IoWorkers io = IoWorkers.start("t-io", 1);
        CountDownLatch release = new CountDownLatch(1);
        io.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        assertThat(io.stop(Duration.ofMillis(300))).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        release.countDown();
    }

    @Test
    void eventLoopsHandingOverWhileItStopsNeverBlockAndNoAcceptedTaskIsLost() throws Exception {
        // BlockHound is installed in this JVM: a park on an event loop is recorded and fails this test
        LoopResources loops = LoopResources.create("t-loop", 1, 2, true);
        try {
            for (int round = 0; round < 20; round++) {
                IoWorkers io = IoWorkers.start("t-io", 2);
                Set<Integer> accepted = ConcurrentHashMap.newKeySet();
                Set<Integer> ran = ConcurrentHashMap.newKeySet();
                AtomicReference<Throwable> onLoop = new AtomicReference<>();
                AtomicReferenceArray<Boolean> rejected = new AtomicReferenceArray<>(new Boolean[] {false, false});
                List<CountDownLatch> finished = new ArrayList<>();
                CountDownLatch begun = new CountDownLatch(2); // each loop has handed over its first task
                for (int l = 0; l < 2; l++) {
                    int loopId = l;
                    CountDownLatch f = new CountDownLatch(1);
                    finished.add(f);
                    EventLoop loop = loops.onServer(true).next();
                    loop.execute(() -> {
                        boolean handedOver = false;
                        try {
                            // until refused: every round races the hand-off against the stop
                            for (int i = 0; i < 1_000_000; i++) {
                                int task = loopId * 1_000_000 + i;
                                try {
                                    io.execute(() -> ran.add(task));
                                    accepted.add(task);
                                    if (!handedOver) {
                                        handedOver = true;
                                        begun.countDown();
                                    }
                                } catch (RejectedExecutionException stopped) {
                                    rejected.set(loopId, true);
                                    break;
                                }
                            }
                        } catch (Throwable t) {
                            onLoop.set(t);
                        } finally {
                            if (!handedOver) {
                                begun.countDown(); // refused or failed before its first hand-off: do not hang the test
                            }
                            f.countDown();
                        }
                    });
                }
                assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(round % 3);
                assertThat(io.stop(Duration.ofSeconds(10))).isTrue();
                for (CountDownLatch f : finished) {
                    assertThat(f.await(10, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(onLoop.get()).as("error on an event loop").isNull();
                assertThat(accepted).as("tasks accepted in round %d", round).isNotEmpty();
                assertThat(rejected.get(0) && rejected.get(1)).as("both loops refused in round %d", round).isTrue();
                assertThat(ran.containsAll(accepted)).as("every accepted task ran, round %d", round).isTrue();
                assertThat(ran).hasSameSizeAs(accepted);
            }
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
