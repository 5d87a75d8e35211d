package io.zstor.perf.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Flushes the machine's dirty page cache ({@code sync}) before a measured phase, so that no phase pays for the
 * write-back of the one before it. Without it the phase that ran second was charged for the first one's data:
 * the ceiling writes (k+m)/k x the file into the page cache and returns, and the kernel then writes those GiB to
 * disk while zstor's store runs (dirty-page throttling, a busy disk), while the ceiling itself had started on a
 * clean cache. Both sides now start from a flushed cache; neither side's own write-back is flushed for it.
 */
final class WriteBack {

    private WriteBack() {
    }

    /** Runs {@code sync} and waits for it (at most ten minutes). */
    static void flush() {
        try {
            Process p = new ProcessBuilder("sync").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("sync did not finish within ten minutes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run sync", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sync", e);
        }
    }
}
