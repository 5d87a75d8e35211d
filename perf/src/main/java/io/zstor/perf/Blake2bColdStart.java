package io.zstor.perf;

import com.sun.management.OperatingSystemMXBean;
import io.zstor.engine.codec.Blake2b128;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * What BLAKE2b-128 costs a fresh JVM, as a one-shot CLI command pays it: hashes {@code MiB} of random data
 * in 1 MiB updates with the kernel the JVM chooses (or the one {@code -Dzstor.blake2b.kernel} forces) and
 * prints the CPU time of the first instance's set-up (kernel loading), of each of the first eight MiB, and
 * of the whole run for this thread and for the process (the latter includes the JIT compiler threads).
 * {@link CodecCpuTimeBench} measures the steady state instead.
 *
 * <p>Usage: {@code java [--add-modules jdk.incubator.vector] [-Dzstor.blake2b.kernel=scalar|vector] -cp
 * benchmarks.jar io.zstor.perf.Blake2bColdStart [MiB]} (default 256).
 */
public final class Blake2bColdStart {

    private Blake2bColdStart() {
    }

    /** Runs one cold measurement and prints one line. */
    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        byte[] chunk = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(chunk);
        ThreadMXBean thread = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long process0 = process.getProcessCpuTime();
        long thread0 = thread.getCurrentThreadCpuTime();
        Blake2b128 b = new Blake2b128();
        b.update(chunk, 0, 1);
        b.reset();
        long setup = thread.getCurrentThreadCpuTime() - thread0;
        StringBuilder firstMiB = new StringBuilder();
        for (long i = 0; i < mib; i++) {
            long t = thread.getCurrentThreadCpuTime();
            b.update(chunk, 0, chunk.length);
            if (i < 8) {
                firstMiB.append(String.format(" %.0f", (thread.getCurrentThreadCpuTime() - t) / 1e6));
            }
        }
        String digest = b.finishHex();
        double threadMs = (thread.getCurrentThreadCpuTime() - thread0) / 1e6;
        double processMs = (process.getProcessCpuTime() - process0) / 1e6;
        System.out.printf("%s %s, %d MiB: set-up %.0f ms; first MiB each (ms):%s; thread %.0f ms, process %.0f ms CPU"
                        + " (%.0f MB/s per process CPU-second); load average %.1f; %s%n",
                System.getProperty("java.vm.version"), System.getProperty("zstor.blake2b.kernel", "default"), mib,
                setup / 1e6, firstMiB, threadMs, processMs, mib * 1.048576 / (processMs / 1e3),
                process.getSystemLoadAverage(), digest);
    }
}
