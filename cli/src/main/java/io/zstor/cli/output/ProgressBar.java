package io.zstor.cli.output;

import io.zstor.engine.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for store and retrieve: bytes done, MB/s and ETA. It draws only
 * when standard error is a terminal (the launcher tells with {@code -Dzstor.stderr.tty}), at most ten times a second, so scripts and logs see nothing.
 */
public final class ProgressBar implements ProgressListener {

    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintStream err;
    private final String label;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar for {@code label} when standard error is a terminal, else a listener that does nothing. */
    public static ProgressListener forTerminal(String label) {
        String tty = System.getProperty("zstor.stderr.tty");
        boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        return terminal ? new ProgressBar(System.err, label) : ProgressListener.NONE;
    }

    @Override
    public synchronized void onProgress(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && (total < 0 || done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print('\r' + render(label, done, total, now - started) + "\u001b[K");
        if (total >= 0 && done >= total) {
            err.println();
        }
        err.flush();
    }

    /** The text of the bar, e.g. {@code file.bin [#####.....] 50% 12.0 MiB 85.3 MB/s ETA 0:02}. */
    static String render(String label, long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int width = 20;
            int filled = (int) Math.min(width, done * width / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ")
                    .append(done * 100 / total).append("% ");
        }
        line.append(Sizes.human(done)).append(String.format(Locale.ROOT, " %.1f MB/s", rate / 1e6));
        if (total > 0 && rate > 0 && done < total) {
            long eta = (long) ((total - done) / rate);
            line.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
        }
        return line.toString();
    }
}
