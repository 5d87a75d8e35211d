package io.zstor.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Companion of {@link CodecBenchmark} for a shared, overloaded machine: runs the same operations but
 * measures the benchmark thread's own CPU time, so time slices lost to other processes do not count.
 * Per case: a warm-up of {@code warmupSeconds} of CPU time, then {@code iterations} timed runs of at least
 * 0.5 s CPU each; prints the median and the range in MB/s of input bytes.
 *
 * <p>Usage: {@code java [--add-modules jdk.incubator.vector] -cp benchmarks.jar io.zstor.perf.CodecCpuTimeBench
 * [warmupSeconds] [iterations] [filter]}; the vector BLAKE2b cases are skipped without the module. The
 * system load average is printed before and after, to judge how noisy the run was.
 */
public final class CodecCpuTimeBench {

    private CodecCpuTimeBench() {
    }

    /** Runs every case whose name contains the optional filter. */
    public static void main(String[] args) throws Exception {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String filter = args.length > 2 ? args[2] : "";
        CodecBenchmark b = new CodecBenchmark();
        b.setup();
        Map<String, Callable<Object>> cases = new LinkedHashMap<>();
        cases.put("aesGcmSealDirect", b::aesGcmSealDirect);
        cases.put("aesGcmOpenDirect", b::aesGcmOpenDirect);
        cases.put("aesGcmSealByteArray", b::aesGcmSealByteArray);
        cases.put("snappyCompressText", b::snappyCompressText);
        cases.put("snappyCompressRandom", b::snappyCompressRandom);
        cases.put("snappyUncompressText", b::snappyUncompressText);
        cases.put("snappyUncompressRandom", b::snappyUncompressRandom);
        cases.put("snappyFrameEncodeText", b::snappyFrameEncodeText);
        cases.put("snappyFrameDecodeText", b::snappyFrameDecodeText);
        cases.put("blake2bOursArray", b::blake2bOursArray);
        cases.put("blake2bOursDirect", b::blake2bOursDirect);
        if (b.hasVectorBlake2b()) {
            cases.put("blake2bVectorArray", b::blake2bVectorArray);
            cases.put("blake2bVectorDirect", b::blake2bVectorDirect);
        }
        cases.put("blake2bBouncyCastle", b::blake2bBouncyCastle);
        cases.put("pieceChecksum", b::pieceChecksum);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-24s %10s %10s %10s   (MB/s of input by thread CPU time; %s; load average %.1f)%n", "case",
                "median", "min", "max", System.getProperty("java.vm.version"), loadAverage());
        for (Map.Entry<String, Callable<Object>> e : cases.entrySet()) {
            if (!e.getKey().contains(filter)) {
                continue;
            }
            Callable<Object> op = e.getValue();
            long start = mx.getCurrentThreadCpuTime();
            Object sink = null;
            while (mx.getCurrentThreadCpuTime() - start < warmup * 1e9) {
                sink = op.call();
            }
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                long ops = 0;
                long t0 = mx.getCurrentThreadCpuTime();
                long t;
                do {
                    sink = op.call();
                    ops++;
                    t = mx.getCurrentThreadCpuTime();
                } while (t - t0 < 500_000_000L);
                rates.add(ops * (double) CodecBenchmark.SIZE / ((t - t0) / 1e9) / 1e6);
            }
            double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-24s %10.0f %10.0f %10.0f%n", e.getKey(), r[r.length / 2], r[0], r[r.length - 1]);
            if (sink == null) {
                throw new IllegalStateException(e.getKey() + " returned nothing");
            }
        }
        System.out.printf("load average at the end %.1f%n", loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
