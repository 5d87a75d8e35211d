package io.zstor.perf.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion in its own process and measures it from outside: wall time, CPU time and
 * peak RSS sampled from {@code /proc} every {@value #SAMPLE_MILLIS} ms, for the process and its descendants (so
 * a launcher script such as {@code bin/zstor} is measured with the JVM it starts): CPU is the sum over the
 * processes, peak RSS the largest of them. Both are monotonic per process, so the last sample is the figure;
 * at most one period of CPU at exit goes unseen. Standard error goes to a log file.
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
        Map<Long, Long> cpu = new HashMap<>();
        long rss = 0;
        long deadline = start + timeout.toNanos();
        try {
            while (!p.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                rss = Math.max(rss, sampleTree(p.pid(), cpu));
                if (System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(command.size() - 1) + " ran past " + timeout + "; killed");
                }
            }
            long wall = System.nanoTime() - start;
            drain.join(10_000);
            long cpuNanos = cpu.values().stream().mapToLong(Long::longValue).sum();
            return new ProcessStats(Duration.ofNanos(wall), Duration.ofNanos(cpuNanos), rss, p.exitValue(),
                    out.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Samples {@code root} and its descendants: records each one's CPU (the largest seen per pid) in {@code cpu}
     * and returns the largest peak RSS among them.
     */
    private static long sampleTree(long root, Map<Long, Long> cpu) {
        long rss = 0;
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        for (int seen = 0; !todo.isEmpty() && seen < 64; seen++) {
            long pid = todo.pop();
            OptionalLong c = ProcFs.cpuNanos(pid);
            if (c.isPresent()) {
                cpu.merge(pid, c.getAsLong(), Math::max);
            }
            rss = Math.max(rss, ProcFs.peakRssBytes(pid).orElse(0));
            todo.addAll(ProcFs.children(pid));
        }
        return rss;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone; keep what was read
        }
    }
}
