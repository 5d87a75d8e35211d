package io.zstor.perf;

import io.zstor.engine.codec.rs.Kernel;
import io.zstor.engine.codec.rs.ReedSolomon;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * A companion to {@link ReedSolomonBenchmark} for a shared, overloaded machine: the same cases (1 MiB of
 * data per call, encode and reconstruct with {@code m} data shards missing), timed by the thread's CPU
 * time as well as the wall clock, so that other processes competing for the cores do not hide the
 * kernel's own speed. Prints the median and best MB/s (10^6 bytes of data per second) of each.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar io.zstor.perf.ReedSolomonCpuThroughput
 * [iterations] [millisPerIteration]}.
 */
public final class ReedSolomonCpuThroughput {

    private ReedSolomonCpuThroughput() {
    }

    /** Runs every case and prints one line each. */
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 300;
        System.out.printf("java %s, %s%n", System.getProperty("java.version"), System.getProperty("java.vm.name"));
        for (String op : new String[] {"encode", "reconstruct"}) {
            for (int[] shape : new int[][] {{10, 5}, {4, 2}}) {
                for (Kernel kernel : Kernel.values()) {
                    if (ReedSolomon.isAvailable(kernel)) {
                        run(op, shape[0], shape[1], kernel, iterations, millis);
                    }
                }
            }
        }
    }

    private static void run(String op, int k, int m, Kernel kernel, int iterations, long millis) {
        ReedSolomon rs = ReedSolomon.create(k, m, kernel);
        int length = ReedSolomonBenchmark.DATA_BYTES / k;
        byte[][] shards = new byte[k + m][length];
        Random random = new Random(1);
        for (int d = 0; d < k; d++) {
            random.nextBytes(shards[d]);
        }
        rs.encodeParity(shards, 0, length);
        boolean[] present = new boolean[k + m];
        Arrays.fill(present, m, k + m, true);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warmup = 5;
        double[] cpu = new double[iterations];
        double[] wall = new double[iterations];
        for (int it = -warmup; it < iterations; it++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long calls = 0;
            while (System.nanoTime() - wall0 < millis * 1_000_000L) {
                if (op.equals("encode")) {
                    rs.encodeParity(shards, 0, length);
                } else {
                    rs.reconstruct(shards, present, 0, length);
                }
                calls++;
            }
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
            long wallNanos = System.nanoTime() - wall0;
            if (it >= 0) {
                double bytes = (double) calls * length * k;
                cpu[it] = bytes * 1e3 / cpuNanos;
                wall[it] = bytes * 1e3 / wallNanos;
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("%-11s %2d+%d %-6s  cpu-time MB/s median %6.0f best %6.0f   wall MB/s median %6.0f best %6.0f%n",
                op, k, m, kernel, cpu[iterations / 2], cpu[iterations - 1], wall[iterations / 2], wall[iterations - 1]);
    }
}
