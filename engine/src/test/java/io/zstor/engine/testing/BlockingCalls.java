package io.zstor.engine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.blockhound.BlockingMethod;

/**
 * The blocking calls BlockHound saw on non-blocking threads, kept until a test drains them.
 *
 * <p>BlockHound's default reaction is to throw from inside the blocking call. Inside a lock acquisition that
 * throw leaves the lock broken on JDK 17: the waiter's node stays queued with no thread behind it, so the next
 * threads to queue on that lock are never woken. One such throw in a scheduler's task queue lock stopped a
 * Reactor parallel worker for good and failed every later test that scheduled on it. So the tests record the
 * call and let it go on ({@link BlockingCallsIntegration}), and {@link BlockingCallsExtension} fails the test
 * that was running, with the thread and stack of each call.
 */
public final class BlockingCalls {

    private static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    private BlockingCalls() {
    }

    /** One blocking call: where it was made, with its stack. */
    public static final class Seen extends AssertionError {
        private static final long serialVersionUID = 1L;
        /** Frames {@link #where()} shows: enough to reach the caller through a lock and a scheduler. */
        private static final int FRAMES = 40;

        Seen(BlockingMethod method, Thread thread) {
            super("blocking call " + method + " on non-blocking thread " + thread.getName());
        }

        /**
         * The message and the stack from the blocking method down, as text: a test report trims the stack of
         * an exception to the test's own frames, and the frames that matter here are not the test's.
         */
        public String where() {
            StringBuilder out = new StringBuilder(getMessage());
            int shown = 0;
            for (StackTraceElement frame : getStackTrace()) {
                String cls = frame.getClassName();
                if (cls.startsWith("reactor.blockhound.") || cls.startsWith(BlockingCalls.class.getName())) {
                    continue; // BlockHound's callback and this record, above the blocking method
                }
                if (shown++ == FRAMES) {
                    out.append("\n      ...");
                    break;
                }
                out.append("\n      at ").append(frame);
            }
            return out.toString();
        }
    }

    /** Called by BlockHound on the thread about to block; records it and returns, so the call proceeds. */
    static void record(BlockingMethod method) {
        SEEN.add(new Seen(method, Thread.currentThread()));
    }

    /** Every call recorded since the last drain, oldest first; empties the record. */
    public static List<Seen> drain() {
        List<Seen> out = new ArrayList<>();
        for (Seen s; (s = SEEN.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }
}
