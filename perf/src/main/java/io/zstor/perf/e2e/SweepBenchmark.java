package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput against block size and against concurrency, to choose the defaults: on one fresh k+m cluster
 * and one file of random bytes, the zstor CLI stores and retrieves the file (compared byte for byte, then
 * deleted) once per {@code block_size} in {@link #BLOCK_SIZES} with the default {@code blocks_in_flight},
 * then once per {@code blocks_in_flight} in {@link #BLOCKS_IN_FLIGHT} with the default {@code block_size}.
 * Block sizes whose pieces would not fit a 0-db value (see the config rules) are skipped. Before each store and
 * each retrieve the caller's {@code beforePhase} runs ({@code sync} and the {@link PageCacheBallast}), so that
 * every point meets the same memory.
 */
final class SweepBenchmark {

    /** Block sizes tried. */
    static final int[] BLOCK_SIZES = {256 << 10, 1 << 20, 2 << 20, 4 << 20, 8 << 20};
    /** Blocks in flight tried. */
    static final int[] BLOCKS_IN_FLIGHT = {1, 2, 4, 8, 16};
    /** Largest piece the config accepts: the 0-db value limit (8 MiB) minus 64 KiB of margin. */
    private static final int MAX_PIECE = (8 << 20) - (64 << 10);
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private SweepBenchmark() {
    }

    /**
     * Runs the sweep with a file of {@code mib} MiB on a k+m cluster.
     *
     * @param work scratch directory (cluster, file and retrieved copy; deleted afterwards)
     * @param log where the child processes' standard error goes
     * @param beforePhase run before every measured store and retrieve (the benchmark's {@code sync} and page-cache
     *     ballast), so that every point meets the same memory
     */
    static List<SweepPoint> run(long mib, int k, int m, boolean inMemory, Path cliJar, Path work, Path log, String java,
            ZstorJvm zstorJvm, String classpath, Runnable beforePhase) throws IOException {
        Path dir = work.resolve("sweep-cluster");
        Path input = work.resolve("sweep-input-" + mib + "m");
        Path out = work.resolve("sweep-retrieved");
        long size = mib << 20;
        List<SweepPoint> points = new ArrayList<>();
        System.out.printf(Locale.ROOT, "== sweep: %d MiB random, %d+%d (load %.1f)%n", mib, k, m,
                EndToEndBenchmark.loadAverage());
        try (ZdbCluster cluster = ZdbCluster.start(dir, k, m, inMemory, java, classpath)) {
            DataKind.RANDOM.write(input, size);
            double startup = Double.MAX_VALUE;
            for (int i = 0; i < 2; i++) { // the faster of two: the second has a warm page cache
                startup = Math.min(startup, MeteredProcess.run(zstor(zstorJvm, cliJar, cluster.config(), "test"), log,
                        TIMEOUT).requireSuccess("zstor test").wallSeconds());
            }
            for (int bs : BLOCK_SIZES) {
                if ((bs + k - 1) / k > MAX_PIECE) {
                    System.out.printf(Locale.ROOT, "block_size %d skipped: pieces of %d bytes exceed the 0-db value"
                            + " limit%n", bs, (bs + k - 1) / k);
                    continue;
                }
                points.add(point(cluster, SweepPoint.BLOCK_SIZE, bs, size, k, m, input, out, startup, cliJar, log, zstorJvm,
                        beforePhase));
            }
            for (int bif : BLOCKS_IN_FLIGHT) {
                points.add(point(cluster, SweepPoint.BLOCKS_IN_FLIGHT, bif, size, k, m, input, out, startup, cliJar, log,
                        zstorJvm, beforePhase));
            }
            return points;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(input);
            EndToEndBenchmark.delete(dir);
        }
    }

    private static SweepPoint point(ZdbCluster cluster, String knob, int value, long size, int k, int m, Path input,
            Path out, double startup, Path cliJar, Path log, ZstorJvm zstorJvm, Runnable beforePhase) throws IOException {
        double load = EndToEndBenchmark.loadAverage();
        Path config = cluster.tunedConfig("sweep-" + knob + "-" + value, knob + " = " + value);
        beforePhase.run();
        ProcessStats store = MeteredProcess.run(zstor(zstorJvm, cliJar, config, "store", "-f", input.toString()), log,
                TIMEOUT).requireSuccess("zstor store (" + knob + " " + value + ")");
        beforePhase.run();
        ProcessStats retrieve = MeteredProcess.run(zstor(zstorJvm, cliJar, config, "retrieve", "-f", input.toString(),
                "-o", out.toString()), log, TIMEOUT).requireSuccess("zstor retrieve (" + knob + " " + value + ")");
        long mismatch = Files.mismatch(input, out);
        Files.deleteIfExists(out);
        if (mismatch != -1) {
            throw new IllegalStateException("sweep " + knob + " " + value + ": retrieved file differs at byte " + mismatch);
        }
        MeteredProcess.run(zstor(zstorJvm, cliJar, config, "delete", "-f", input.toString()), log, TIMEOUT)
                .requireSuccess("zstor delete");
        SweepPoint p = new SweepPoint(knob, value, size, k, m, store, retrieve, startup, load);
        System.out.printf(Locale.ROOT, "%-16s %-8s store %6.0f MB/s (net %6.0f)  retrieve %6.0f MB/s (net %6.0f)"
                        + "  RSS %d / %d MiB%n", knob, p.valueLabel(), p.storeMbps(), p.storeNetMbps(), p.retrieveMbps(),
                p.retrieveNetMbps(), store.peakRssBytes() >> 20, retrieve.peakRssBytes() >> 20);
        return p;
    }

    private static List<String> zstor(ZstorJvm zstorJvm, Path cliJar, Path config, String... command) {
        List<String> l = new ArrayList<>(List.of("-c", config.toString()));
        l.addAll(List.of(command));
        return zstorJvm.cli(cliJar, l.toArray(String[]::new));
    }

}
