package io.zstor.perf.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local cluster of embedded 0-db servers, each in its own JVM ({@code ZdbServerMain}): 4 metadata servers in
 * user-key mode and {@code k + m} data servers in sequential mode, on ephemeral loopback ports, storing under
 * {@code dir} (or in memory), plus a {@code zstor.toml} whose one group holds the k + m data servers, so
 * piece i of every block goes to data server i. A cluster may have spare data servers beyond k + m (for the
 * repair run: placement then picks k + m of them per object, and repair has somewhere to move lost pieces).
 * Closing stops every server (SIGTERM) and waits for it; {@link #kill} SIGKILLs one data server.
 */
final class ZdbCluster implements AutoCloseable {

    private static final String LISTENING = "zdb listening on ";

    private final List<Process> meta = new ArrayList<>();
    private final List<Process> data = new ArrayList<>();
    private final List<String> metaAddresses = new ArrayList<>();
    private final List<String> dataAddresses = new ArrayList<>();
    private final Path config;

    private ZdbCluster(Path config) {
        this.config = config;
    }

    /**
     * Starts the servers and writes the config.
     *
     * @param dir where server data, logs and the config go
     * @param k data shards; {@code m} parity shards
     * @param inMemory keep server data in memory instead of files under {@code dir}
     * @param java the java executable; {@code classpath} holds the transport module
     */
    static ZdbCluster start(Path dir, int k, int m, boolean inMemory, String java, String classpath) {
        return start(dir, k, m, 0, inMemory, java, classpath);
    }

    /** Like {@link #start(Path, int, int, boolean, String, String)} with {@code spares} extra data servers. */
    static ZdbCluster start(Path dir, int k, int m, int spares, boolean inMemory, String java, String classpath) {
        ZdbCluster c = new ZdbCluster(dir.resolve("zstor.toml"));
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < 4; i++) {
                c.meta.add(c.launch(dir, "meta-" + i, "user", inMemory, java, classpath, c.metaAddresses));
            }
            for (int i = 0; i < k + m + spares; i++) {
                c.data.add(c.launch(dir, "data-" + i, "seq", inMemory, java, classpath, c.dataAddresses));
            }
            Files.writeString(c.config, toml(k, k + m, c.metaAddresses, c.dataAddresses));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private Process launch(Path dir, String name, String mode, boolean inMemory, String java, String classpath,
            List<String> addresses) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath,
                "io.zstor.transport.zdb.server.ZdbServerMain", "--listen", "127.0.0.1:0", "--mode", mode));
        if (!inMemory) {
            Path home = Files.createDirectories(dir.resolve(name));
            cmd.add("--data");
            cmd.add(home.toString());
        }
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        for (int skipped = 0; line != null && !line.startsWith(LISTENING) && skipped < 1000; skipped++) {
            line = out.readLine(); // log lines before the listening line
        }
        if (line == null || !line.startsWith(LISTENING)) {
            p.destroyForcibly();
            throw new IllegalStateException("zdb " + name + " did not start (see " + dir.resolve(name + ".log") + "): " + line);
        }
        addresses.add(line.substring(LISTENING.length()).trim());
        Thread drain = new Thread(() -> {
            try (out) {
                while (out.readLine() != null) {
                    // keep the pipe from filling up; the server's log lines are not needed
                }
            } catch (IOException ignored) {
                // the server is gone
            }
        }, "zdb-out-" + name);
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static String toml(int k, int n, List<String> meta, List<String> data) {
        SecureRandom random = new SecureRandom();
        StringBuilder t = new StringBuilder("# written by the end-to-end benchmark\n");
        t.append("minimal_shards = ").append(k).append('\n');
        t.append("expected_shards = ").append(n).append('\n');
        t.append("redundant_groups = 0\nredundant_nodes = 0\n");
        t.append("\n[encryption]\nalgorithm = \"AES\"\nkey = \"").append(key(random)).append("\"\n");
        t.append("\n[compression]\nalgorithm = \"snappy\"\n");
        t.append("\n[meta]\ntype = \"zdb\"\n\n[meta.config]\nprefix = \"zstor-meta\"\n");
        t.append("\n[meta.config.encryption]\nalgorithm = \"AES\"\nkey = \"").append(key(random)).append("\"\n");
        for (String a : meta) {
            t.append("\n[[meta.config.backends]]\naddress = \"").append(a).append("\"\n");
        }
        t.append("\n[[groups]]\n");
        for (String a : data) {
            t.append("\n[[groups.backends]]\naddress = \"").append(a).append("\"\n");
        }
        return t.toString();
    }

    private static String key(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return HexFormat.of().formatHex(k);
    }

    /** The {@code zstor.toml} that uses this cluster. */
    Path config() {
        return config;
    }

    /**
     * Writes a copy of this cluster's config with extra top-level keys (e.g. {@code block_size = 1048576})
     * and returns its path.
     */
    Path tunedConfig(String name, String... topLevelLines) throws IOException {
        StringBuilder extra = new StringBuilder("\n");
        for (String line : topLevelLines) {
            extra.append(line).append('\n');
        }
        Path tuned = config.resolveSibling(name + ".toml");
        Files.writeString(tuned, Files.readString(config).replaceFirst("\n", extra.toString()));
        return tuned;
    }

    /** Addresses ({@code host:port}) of the data servers, in start order. */
    List<String> dataAddresses() {
        return List.copyOf(dataAddresses);
    }

    /**
     * SIGKILLs the data server at {@code address} (a backend lost without warning) and waits until it is gone.
     *
     * @throws IllegalArgumentException when no data server of this cluster has that address
     */
    void kill(String address) {
        int i = dataAddresses.indexOf(address);
        if (i < 0) {
            throw new IllegalArgumentException("no data server at " + address);
        }
        Process p = data.get(i);
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("data server " + address + " did not die on SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + address, e);
        }
    }

    /** CPU nanoseconds used so far by all server processes (metadata and data). */
    long serversCpuNanos() {
        long sum = 0;
        for (Process p : meta) {
            sum += ProcFs.cpuNanos(p.pid()).orElse(0);
        }
        for (Process p : data) {
            sum += ProcFs.cpuNanos(p.pid()).orElse(0);
        }
        return sum;
    }

    /** Sum of the data servers' peak RSS in bytes. */
    long dataServersPeakRss() {
        return data.stream().mapToLong(p -> ProcFs.peakRssBytes(p.pid()).orElse(0)).sum();
    }

    /**
     * Writes a thread dump of every server still running ({@code jcmd PID Thread.print} of the JDK that runs this
     * benchmark) to {@code <dir>/<name>.threads.txt}, for a phase that failed because a 0-db did not answer: which
     * of its threads were stuck, and where. Best effort: a server that does not answer jcmd within 30 s, or a
     * runtime without jcmd, is noted on standard error and skipped.
     */
    void dumpThreads(Path dir) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            System.err.println("e2e: no " + jcmd + ", so no thread dumps of the 0-db servers");
            return;
        }
        List<Process> all = new ArrayList<>(meta);
        all.addAll(data);
        for (int i = 0; i < all.size(); i++) {
            Process p = all.get(i);
            String name = i < meta.size() ? "meta-" + i : "data-" + (i - meta.size());
            if (!p.isAlive()) {
                continue;
            }
            Path out = dir.resolve(name + ".threads.txt");
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                    System.err.println("e2e: jcmd did not dump " + name + " within 30 s");
                }
            } catch (IOException e) {
                System.err.println("e2e: cannot dump the threads of " + name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.err.println("e2e: thread dumps of the 0-db servers in " + dir);
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(data);
        all.addAll(meta);
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
