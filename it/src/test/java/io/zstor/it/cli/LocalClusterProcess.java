package io.zstor.it.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code zstor local-cluster} running as its own process for the duration of a test class. */
public final class LocalClusterProcess implements AutoCloseable {

    private final Process process;
    private final Path config;

    private LocalClusterProcess(Process process, Path config) {
        this.process = process;
        this.config = config;
    }

    /** Starts the cluster in {@code dir} and waits until it printed its config path. */
    public static LocalClusterProcess start(Path dir, String... extra) {
        try {
            String[] args = new String[2 + extra.length];
            args[0] = "local-cluster";
            args[1] = "--dir=" + dir;
            System.arraycopy(extra, 0, args, 2, extra.length);
            Process p = new ProcessBuilder(ZstorProcess.command(List.of(), args)).directory(dir.getParent().toFile())
                    .redirectErrorStream(true).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Path> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder seen = new StringBuilder();
                    for (String line; (line = lines.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        if (line.startsWith("config: ")) {
                            Thread drain = new Thread(() -> {
                                try {
                                    while (lines.readLine() != null) {
                                        // keep the pipe flowing
                                    }
                                } catch (IOException ignored) {
                                    // process ended
                                }
                            });
                            drain.setDaemon(true);
                            drain.start();
                            return Path.of(line.substring("config: ".length()));
                        }
                    }
                    throw new IllegalStateException("local-cluster exited before it was ready:\n" + seen);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Path config = ready.get(60, TimeUnit.SECONDS);
            return new LocalClusterProcess(p, config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start local cluster: " + e.getMessage(), e);
        }
    }

    /** The config file the cluster wrote. */
    public Path config() {
        return config;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
