package io.zstor.perf;

import io.zstor.engine.ProgressListener;
import io.zstor.engine.Zstor;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.TestCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;

/**
 * End-to-end store and retrieve throughput of the engine pipeline (block cut, snappy, AES-256-GCM,
 * Reed-Solomon, piece writes, BLAKE2b-128 beside the pipeline) on the in-memory zdb fake, so the figure is
 * the engine's CPU cost without network or disk. Also measures the serial BLAKE2b-128 rate alone, the
 * ceiling a pipeline that hashed in series could not exceed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.zstor.perf.PipelineBenchmark [objectMiB] [iterations]}.
 * Prints a Markdown table.
 */
public final class PipelineBenchmark {

    private static final int MIB = 1 << 20;

    private PipelineBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) {
        int sizeMib = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[][] random = chunks(sizeMib, false);
        byte[][] text = chunks(sizeMib, true);
        System.out.printf(Locale.ROOT, "object %d MiB, %d timed iterations after 1 warm-up, median MB/s (10^6 B/s)%n%n",
                sizeMib, iterations);
        System.out.printf(Locale.ROOT, "BLAKE2b-128 alone (serial, one thread): %.0f MB/s%n%n", hashRate(random, iterations));
        System.out.println("| k+m | block | data | store MB/s | store MB per CPU-s | retrieve MB/s | retrieve MB per CPU-s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int[] km : new int[][] {{4, 2}, {10, 5}}) {
            for (int blockMib : new int[] {4}) {
                for (boolean isText : new boolean[] {false, true}) {
                    double[] r = run(km[0], km[1], blockMib * MIB, isText ? text : random, iterations);
                    System.out.printf(Locale.ROOT, "| %d+%d | %d MiB | %s | %.0f | %.0f | %.0f | %.0f |%n", km[0], km[1],
                            blockMib, isText ? "text" : "random", r[0], r[1], r[2], r[3]);
                }
            }
        }
    }

    private static double[] run(int k, int m, int blockSize, byte[][] data, int iterations) {
        TestCluster cluster = TestCluster.builder().groups(1, k + m).shards(k, k + m).blockSize(blockSize)
                .blocksInFlight(4).build();
        long bytes = (long) data.length * MIB;
        List<Double> stores = new ArrayList<>();
        List<Double> retrieves = new ArrayList<>();
        List<Double> storeCpu = new ArrayList<>();
        List<Double> retrieveCpu = new ArrayList<>();
        try (Zstor zstor = cluster.engine()) {
            for (int i = 0; i <= iterations; i++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                zstor.store("bench", Flux.fromArray(data).map(ByteBuffer::wrap), ProgressListener.NONE)
                        .block(Duration.ofMinutes(10));
                long t1 = System.nanoTime();
                long c1 = cpuNanos();
                long got = zstor.retrieve("bench", ProgressListener.NONE)
                        .reduce(0L, (n, b) -> n + b.remaining()).block(Duration.ofMinutes(10));
                long t2 = System.nanoTime();
                long c2 = cpuNanos();
                if (got != bytes) {
                    throw new IllegalStateException("retrieved " + got + " bytes, expected " + bytes);
                }
                if (i > 0) {
                    stores.add(bytes * 1e3 / (t1 - t0));
                    retrieves.add(bytes * 1e3 / (t2 - t1));
                    storeCpu.add(bytes * 1e3 / (c1 - c0));
                    retrieveCpu.add(bytes * 1e3 / (c2 - c1));
                }
                zstor.delete("bench").block(Duration.ofMinutes(1));
                cluster.dataBackends().stream().map(cluster::zdb).forEach(InMemoryZdb::dropAll);
            }
        }
        return new double[] {median(stores), median(storeCpu), median(retrieves), median(retrieveCpu)};
    }

    /** CPU time of the whole process (all threads), so figures stay meaningful on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double hashRate(byte[][] data, int iterations) {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i <= iterations; i++) {
            long t0 = System.nanoTime();
            Blake2b128 h = new Blake2b128();
            for (byte[] c : data) {
                h.update(c, 0, c.length);
            }
            h.finish();
            long t1 = System.nanoTime();
            if (i > 0) {
                rates.add((long) data.length * MIB * 1e3 / (t1 - t0));
            }
        }
        return median(rates);
    }

    private static byte[][] chunks(int mib, boolean text) {
        byte[][] out = new byte[mib][MIB];
        SplittableRandom random = new SplittableRandom(1);
        byte[] line = "zstor streams objects in blocks: compress, encrypt, erasure-code, spread over 0-db.\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (byte[] c : out) {
            for (int i = 0; i < MIB; i++) {
                c[i] = text ? (i % 512 == 0 ? (byte) random.nextInt(256) : line[i % line.length]) : (byte) random.nextInt(256);
            }
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
