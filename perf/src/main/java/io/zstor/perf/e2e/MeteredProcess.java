package io.zstor.perf.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion in its own process and measures it from outside: wall time, CPU time and
 * peak RSS sampled from {@code /proc} every {@value #SAMPLE_MILLIS} ms (both are monotonic, so the last sample
 * is the figure; at most one period of CPU at exit goes unseen). Standard error goes to a log file.
 */
final class MeteredProcess {

    static final int SAMPLE_MILLIS = 10;

    private MeteredProcess() {
    }

    /**
     * Runs {@code command} and waits for it, at most {@code timeout}.
     *
     * @throws IllegalStateException when it cannot start or runs past the timeout (it is then killed)
     */
    static ProcessStats run(List<String> command, Path stderrLog, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> copy(p.getInputStream(), out), "drain-" + p.pid());
        drain.setDaemon(true);
        drain.start();
        long cpu = 0;
        long rss = 0;
        long deadline = start + timeout.toNanos();
        try {
            while (!p.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                OptionalLong c = ProcFs.cpuNanos(p.pid());
                OptionalLong r = ProcFs.peakRssBytes(p.pid());
                cpu = Math.max(cpu, c.orElse(cpu));
                rss = Math.max(rss, r.orElse(rss));
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(command.size() - 1) + " ran past " + timeout + "; killed");
                }
            }
            long wall = System.nanoTime() - start;
            drain.join(10_000);
            return new ProcessStats(Duration.ofNanos(wall), Duration.ofNanos(cpu), rss, p.exitValue(),
                    out.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone; keep what was read
        }
    }
}
