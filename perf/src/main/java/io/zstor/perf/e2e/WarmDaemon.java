package io.zstor.perf.e2e;

import io.zstor.transport.daemon.DaemonClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The large-file case through the zstor daemon once it is warm: what a long-running {@code zstor monitor}
 * (a bulk-ingest host, a backup agent) delivers, as opposed to a one-shot CLI process that pays JVM start and
 * JIT compilation on every command. A {@link DaemonProcess} on the case's cluster first stores and retrieves a
 * {@value #WARM_UP_MIB} MiB file of the same kind (so the JIT has compiled the data path), then the timed part:
 * the case's file is stored under a key of its own and retrieved by the daemon into a file, which is compared
 * byte for byte with the original. CPU and peak RSS are the daemon process's own.
 */
final class WarmDaemon {

    /** Size of the warm-up file. */
    static final long WARM_UP_MIB = 256;

    private static final Duration WAIT = Duration.ofMinutes(30);

    /**
     * One direction through the warm daemon.
     *
     * @param fileBytes user data bytes
     * @param k data shards
     * @param m parity shards
     * @param kind data kind
     * @param op {@code store} or {@code retrieve}
     * @param wallSeconds request sent to final reply
     * @param cpuSeconds the daemon's CPU time (user + system) meanwhile
     * @param serverCpuNanos CPU time of all 0-db processes meanwhile
     * @param peakRssBytes the daemon's peak resident set since it started (warm-up included)
     * @param ceilingMbps the I/O ceiling's own transfer rate in the same case (no JVM start), for the ratio
     */
    record Result(long fileBytes, int k, int m, DataKind kind, String op, double wallSeconds, double cpuSeconds,
                  long serverCpuNanos, long peakRssBytes, double ceilingMbps) {

        private static final double GIB = 1024.0 * 1024 * 1024;

        double mbps() {
            return fileBytes / 1e6 / wallSeconds;
        }

        double ratio() {
            return mbps() / ceilingMbps;
        }

        double cpuPerGib() {
            return cpuSeconds / (fileBytes / GIB);
        }

        double serverCpuPerGib() {
            return serverCpuNanos / 1e9 / (fileBytes / GIB);
        }
    }

    private WarmDaemon() {
    }

    /**
     * Runs the case's store and retrieve through a fresh daemon on {@code cluster}, after the warm-up.
     *
     * @param ceilings the ceiling's transfer MB/s for store and retrieve, in that order
     * @param beforePhase run before the timed store and before the timed retrieve (the benchmark's {@code sync}
     *     and page-cache ballast)
     */
    static List<Result> run(ZdbCluster cluster, Path input, long size, int k, int m, DataKind kind, double[] ceilings,
            Path dir, ZstorJvm jvm, String classpath, Runnable beforePhase) throws IOException {
        Files.createDirectories(dir);
        Path warmUp = dir.resolve("warm-up");
        kind.write(warmUp, WARM_UP_MIB << 20);
        try (DaemonProcess daemon = DaemonProcess.start(cluster.config(), dir.resolve("zstor.sock"), 4,
                dir.resolve("daemon.log"), jvm, classpath)) {
            DaemonClient client = daemon.client();
            // a store with a key path keys the file as if it were in that directory; a retrieve of that path
            // makes the daemon write the object there
            Path keys = Files.createDirectories(dir.resolve("copies"));
            Path warmUpCopy = keys.resolve(warmUp.getFileName());
            client.call(DaemonClient.store(warmUp, Optional.of(keys), false, false, true)).result().block(WAIT);
            client.call(DaemonClient.retrieve(warmUpCopy)).result().block(WAIT);
            Files.delete(warmUpCopy);
            Files.delete(warmUp);

            Path copy = keys.resolve(input.getFileName());
            beforePhase.run();
            long c0 = daemon.cpuNanos();
            long s0 = cluster.serversCpuNanos();
            long t0 = System.nanoTime();
            client.call(DaemonClient.store(input, Optional.of(keys), false, false, true)).result().block(WAIT);
            long t1 = System.nanoTime();
            long c1 = daemon.cpuNanos();
            long s1 = cluster.serversCpuNanos();
            beforePhase.run();
            long r0 = System.nanoTime();
            long rc0 = daemon.cpuNanos();
            long rs0 = cluster.serversCpuNanos();
            client.call(DaemonClient.retrieve(copy)).result().block(WAIT);
            long t2 = System.nanoTime();
            long c2 = daemon.cpuNanos();
            long s2 = cluster.serversCpuNanos();
            long rss = daemon.peakRssBytes();
            long mismatch = Files.mismatch(input, copy);
            Files.delete(copy);
            if (mismatch != -1) {
                throw new IllegalStateException("the daemon's retrieved file differs from the original at byte " + mismatch);
            }
            return List.of(
                    new Result(size, k, m, kind, "store", (t1 - t0) / 1e9, (c1 - c0) / 1e9, s1 - s0, rss, ceilings[0]),
                    new Result(size, k, m, kind, "retrieve", (t2 - r0) / 1e9, (c2 - rc0) / 1e9, s2 - rs0, rss, ceilings[1]));
        }
    }
}
