package io.zstor.it.daemon;

import io.zstor.it.cli.ZstorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A {@code zstor monitor} daemon running as its own process on a copy of a cluster config, with the socket,
 * pid file, metrics port and short background intervals put in front. Clients use a separate copy of the
 * same config ({@link #clientConfig()}) so tests may rewrite the daemon's file (SIGUSR1 reloads).
 */
final class DaemonFixture implements AutoCloseable {

    private final Path dir;
    private final String header;
    private final Path config;
    private final Path clientConfig;
    private final Path socket;
    private final int metricsPort;
    private final ServerProcess process;

    private DaemonFixture(Path dir, String header, Path config, Path clientConfig, Path socket, int metricsPort,
            ServerProcess process) {
        this.dir = dir;
        this.header = header;
        this.config = config;
        this.clientConfig = clientConfig;
        this.socket = socket;
        this.metricsPort = metricsPort;
        this.process = process;
    }

    /** The top-level keys a daemon in {@code dir} needs, plus {@code extra} lines. */
    static String header(Path dir, int metricsPort, String... extra) {
        StringBuilder h = new StringBuilder();
        h.append("socket = \"").append(dir.resolve("zstor.sock")).append("\"\n");
        h.append("pid_file = \"").append(dir.resolve("zstor.pid")).append("\"\n");
        h.append("prometheus_port = ").append(metricsPort).append('\n');
        for (String line : extra) {
            h.append(line).append('\n');
        }
        return h.toString();
    }

    /** Writes the daemon and client configs in {@code dir} (created) from {@code clusterConfig} and starts the daemon. */
    static DaemonFixture start(Path dir, Path clusterConfig, String... extra) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        String head = header(dir, port, extra);
        String text = head + "\n" + Files.readString(clusterConfig);
        Path config = dir.resolve("zstor.toml");
        Files.writeString(config, text);
        Path client = dir.resolve("client.toml");
        Files.writeString(client, text);
        return new DaemonFixture(dir, head, config, client, dir.resolve("zstor.sock"), port, launch(dir, config));
    }

    private static ServerProcess launch(Path dir, Path config) {
        return ServerProcess.start(dir, "zstor daemon serving", "-c", config.toString(),
                "--log-file", dir.resolve("daemon.log").toString(), "monitor");
    }

    /**
     * Starts a new daemon process on the same directory, config, socket, pid file and metrics port (after this
     * one has stopped or been killed) and waits until it serves.
     *
     * @throws IllegalStateException when it does not come up within a minute (with its output)
     */
    DaemonFixture restart() {
        return new DaemonFixture(dir, header, config, clientConfig, socket, metricsPort, launch(dir, config));
    }

    /**
     * Waits (at most 30 s) until the daemon's metrics show a command running, then 1.5 s more so that blocks
     * are being written; when the metrics never show one, checks the pid file exists and waits 4 s.
     */
    void awaitCommandRunning() throws InterruptedException {
        awaitCommandRunning(Duration.ofMillis(1500));
    }

    /** Like {@link #awaitCommandRunning()}, waiting {@code then} after the command shows up. */
    void awaitCommandRunning(Duration then) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.lines().anyMatch(l -> l.startsWith("zstor_daemon_commands_running") && !l.endsWith(" 0.0"))) {
                    Thread.sleep(then.toMillis());
                    return;
                }
            } catch (IOException ignored) {
                // not up yet
            }
            Thread.sleep(100);
        }
        if (!Files.exists(dir.resolve("zstor.pid"))) {
            throw new IllegalStateException("the daemon wrote no pid file and shows no running command");
        }
        Thread.sleep(4000);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a CLI command through the daemon (the client config names the daemon's socket). */
    ZstorProcess.Result zstor(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "-c";
        full[1] = clientConfig.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return ZstorProcess.run(dir, full);
    }

    /** A file of {@code size} random bytes under the daemon's directory. */
    Path file(String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path f = dir.resolve("files").resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, data);
        return f;
    }

    /** Replaces the daemon's config file with its header followed by {@code clusterToml} (then signal a reload). */
    void rewriteConfig(String clusterToml) throws IOException {
        Files.writeString(config, header + "\n" + clusterToml);
    }

    /** The last {@code lines} lines of the daemon's log (for assertion messages). */
    String logTail(int lines) throws IOException {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The daemon's log so far (its own file; clients log elsewhere). */
    String log() throws IOException {
        Path log = dir.resolve("daemon.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    Path dir() {
        return dir;
    }

    Path config() {
        return config;
    }

    Path clientConfig() {
        return clientConfig;
    }

    Path socket() {
        return socket;
    }

    int metricsPort() {
        return metricsPort;
    }

    ServerProcess process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
