package io.zstor.it.daemon;

import io.zstor.it.cli.ZstorProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A long-running {@code zstor} process (daemon or 0-db server) started from the shaded jar: waits for its
 * ready line, keeps draining its merged output (so it never blocks on a full pipe) and remembers it for
 * assertion messages.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final String readyLine;
    private final StringBuffer output;

    private ServerProcess(Process process, String readyLine, StringBuffer output) {
        this.process = process;
        this.readyLine = readyLine;
        this.output = output;
    }

    /** Starts {@code zstor args} in {@code cwd} and waits (at most a minute) for a line starting with {@code ready}. */
    static ServerProcess start(Path cwd, String ready, String... args) {
        StringBuffer output = new StringBuffer();
        try {
            Process p = new ProcessBuilder(ZstorProcess.command(List.of(), args)).directory(cwd.toFile())
                    .redirectErrorStream(true).start();
            CompletableFuture<String> readyAt = new CompletableFuture<>();
            Thread drain = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        output.append(line).append('\n');
                        if (line.startsWith(ready)) {
                            readyAt.complete(line);
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
                readyAt.completeExceptionally(new IllegalStateException("exited before it was ready:\n" + output));
            }, "drain-" + args[args.length - 1]);
            drain.setDaemon(true);
            drain.start();
            String line = readyAt.get(60, TimeUnit.SECONDS);
            return new ServerProcess(p, line, output);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start zstor " + String.join(" ", args) + ": " + e.getMessage()
                    + "\n" + output, e);
        }
    }

    /** The line that said the process is ready. */
    String readyLine() {
        return readyLine;
    }

    /** Everything the process printed so far (stdout and stderr). */
    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits at most {@code limit} for the exit; returns the exit code or -1 when still running. */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL, as a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends {@code signal} (e.g. {@code USR1}) with {@code kill}. */
    void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " exited " + rc);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && terminate(Duration.ofSeconds(20)) < 0) {
            kill();
        }
    }
}
