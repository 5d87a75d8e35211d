package io.zstor.perf.e2e;

/**
 * The figures of one repair run: objects stored on a k+m cluster with a spare data server, one data server
 * SIGKILLed, one repair sweep of the engine's repair service, verified.
 *
 * @param k data shards
 * @param m parity shards
 * @param objects objects stored
 * @param storedBytes user bytes of all objects
 * @param damaged objects that had pieces on the killed server
 * @param damagedBytes user bytes of those objects
 * @param repaired objects the sweep restored to full redundancy
 * @param pieces pieces the sweep rewrote
 * @param detectSeconds from the repair process's start to the monitor declaring the server unreachable (set by
 *     the run's {@code health_check_interval_secs = 1}, {@code unreachable_grace_secs = 1}; in production
 *     {@code unreachable_grace_secs} dominates)
 * @param repairSeconds wall time of the repair sweep until every object was at full redundancy again
 * @param repairCpuSeconds CPU time of the repair process during the sweep
 * @param zdbCpuSeconds CPU time of all 0-db processes during the repair process
 * @param process the whole repair process (JVM start, connect, detection, sweep, check)
 * @param loadAverage the 1-minute load average when the run started
 */
record RepairResult(int k, int m, int objects, long storedBytes, long damaged, long damagedBytes, long repaired,
                    long pieces, double detectSeconds, double repairSeconds, double repairCpuSeconds,
                    double zdbCpuSeconds, ProcessStats process, double loadAverage) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    String shape() {
        return k + "+" + m;
    }

    double storedGib() {
        return storedBytes / GIB;
    }

    double damagedGib() {
        return damagedBytes / GIB;
    }

    /** MB/s (10^6 B/s) of user data of the damaged objects brought back to full redundancy. */
    double repairedMbps() {
        return damagedBytes / 1e6 / repairSeconds;
    }
}
