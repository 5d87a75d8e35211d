package io.zstor.perf.e2e;

import io.zstor.transport.daemon.DaemonClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DaemonHost} child process (the zstor daemon: engine plus unix-socket server, with zstor's JVM
 * options from {@code bin/jvm.options}), started and waited for until it serves its socket, with a client connected to it and
 * its CPU time and peak RSS readable from {@code /proc} while it runs. Closing it stops the process.
 */
final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final DaemonClient client;

    private DaemonProcess(Process process, DaemonClient client) {
        this.process = process;
        this.client = client;
    }

    /**
     * Starts a daemon over {@code config} serving {@code socket} with at most {@code maxConcurrentCommands}
     * commands at once; its standard error is appended to {@code log}.
     *
     * @throws IllegalStateException when it exits before it serves the socket
     */
    static DaemonProcess start(Path config, Path socket, int maxConcurrentCommands, Path log, ZstorJvm jvm,
            String classpath) throws IOException {
        Process p = new ProcessBuilder(jvm.main(classpath, DaemonHost.class, config.toString(), socket.toString(),
                Integer.toString(maxConcurrentCommands)))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            for (int i = 0; line != null && !line.startsWith(DaemonHost.LISTENING) && i < 1000; i++) {
                line = out.readLine();
            }
            if (line == null || !line.startsWith(DaemonHost.LISTENING)) {
                throw new IllegalStateException("daemon did not start (see " + log + ")");
            }
            return new DaemonProcess(p, DaemonClient.create(socket));
        } catch (IOException | RuntimeException e) {
            stop(p);
            throw e;
        }
    }

    /** A client of the daemon's socket. */
    DaemonClient client() {
        return client;
    }

    /** CPU nanoseconds (user + system) the daemon has used so far. */
    long cpuNanos() {
        return ProcFs.cpuNanos(process.pid()).orElse(0);
    }

    /** The daemon's peak resident set so far, in bytes. */
    long peakRssBytes() {
        return ProcFs.peakRssBytes(process.pid()).orElse(0);
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
