package io.zstor.transport.zdb.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The fixed set of threads on which a server runs the commands that touch files, fed by event loops.
 *
 * <p>Why not a {@link java.util.concurrent.ThreadPoolExecutor}: its {@code execute} takes the pool's main lock
 * whenever it adds a thread or races with {@code shutdown}, so an event loop could park on it. Under BlockHound
 * (every test JVM) that park is rejected by an error thrown from inside the lock's queue, which leaves a dead
 * waiter in the queue, and the next thread queued behind it never wakes: the pool's {@code awaitTermination},
 * and with it the server's close, then hung forever. Here {@link #execute} is one lock-free offer: the threads
 * are started up front and never retire, and a stopped pool refuses with a flag check.
 */
final class IoWorkers implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(IoWorkers.class);

    /** Queued once per thread by {@link #stop}; a thread that takes it exits. */
    private static final Runnable STOP = () -> { };

    private final LinkedTransferQueue<Runnable> queue = new LinkedTransferQueue<>();
    private final List<Thread> threads;
    private volatile boolean stopped;

    private IoWorkers(List<Thread> threads) {
        this.threads = threads;
    }

    /** Starts {@code count} daemon threads named {@code <name>-<n>}. */
    static IoWorkers start(String name, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("I/O thread count must be positive: " + count);
        }
        List<Thread> threads = new ArrayList<>(count);
        IoWorkers workers = new IoWorkers(threads);
        for (int i = 1; i <= count; i++) {
            Thread t = new Thread(workers::work, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        return workers;
    }

    /**
     * Queues {@code task} without ever blocking or taking a lock (safe on an event loop).
     *
     * @throws RejectedExecutionException once {@link #stop} has begun
     */
    @Override
    public void execute(Runnable task) {
        if (stopped) {
            throw new RejectedExecutionException("I/O threads are stopped");
        }
        queue.offer(task);
        // raced with stop(): take the task back, unless a thread or stop() already took it (it then runs)
        if (stopped && queue.remove(task)) {
            throw new RejectedExecutionException("I/O threads are stopped");
        }
    }

    /**
     * Lets the threads finish every task accepted so far, then ends them; an accepted task the threads did not
     * reach within {@code timeout} runs on the caller. Every task {@link #execute} accepted runs exactly once.
     * Idempotent.
     *
     * @return false when a thread was still busy after {@code timeout} (its name and stack are logged)
     */
    boolean stop(Duration timeout) {
        stopped = true;
        threads.forEach(t -> queue.offer(STOP));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean finished = true;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                finished = false;
                LOG.warn("zdb I/O thread {} still busy after {} ms, at {}", t.getName(), timeout.toMillis(),
                        topFrames(t));
            }
        }
        // tasks still queued (behind a busy thread's STOP) run here; STOPs go back for the busy threads
        int stops = 0;
        Runnable late;
        while ((late = queue.poll()) != null) {
            if (late == STOP) {
                stops++;
            } else {
                runSafely(late);
            }
        }
        for (int i = 0; i < stops; i++) {
            queue.offer(STOP);
        }
        return finished;
    }

    private void work() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                // nobody interrupts these threads; a stray interrupt is not a stop request
                continue;
            }
            if (task == STOP) {
                return;
            }
            runSafely(task);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            // a task that throws must not end its thread: the pool never replaces threads
            LOG.error("zdb I/O task failed", t);
        }
    }

    private static String topFrames(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(stack.length, 8); i++) {
            b.append(i == 0 ? "" : " < ").append(stack[i]);
        }
        return b.toString();
    }
}
