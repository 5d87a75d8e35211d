package io.zstor.perf.e2e;

/**
 * The figures of one case and direction: the I/O ceiling process and the zstor CLI process moving the same
 * file over the same cluster.
 *
 * @param fileBytes user data bytes
 * @param k data shards
 * @param m parity shards
 * @param kind data kind
 * @param op {@code store} or {@code retrieve}
 * @param ceiling the ceiling client process
 * @param ceilingTransferNanos the ceiling's own transfer time (after JVM start and connecting)
 * @param ceilingServerCpuNanos CPU time of all 0-db processes during the ceiling run
 * @param zstor the zstor CLI process
 * @param zstorServerCpuNanos CPU time of all 0-db processes during the zstor run
 * @param startupSeconds wall time of {@code zstor test} on the same cluster (JVM start, config, connect)
 * @param startupCpuSeconds CPU time of that {@code zstor test} process
 * @param storedBytes bytes zstor's store added to the data 0-dbs (NSINFO data size), 0 for retrieve
 * @param loadAverage the 1-minute load average when the case started
 */
record CaseResult(long fileBytes, int k, int m, DataKind kind, String op, ProcessStats ceiling,
                  long ceilingTransferNanos, long ceilingServerCpuNanos, ProcessStats zstor, long zstorServerCpuNanos,
                  double startupSeconds, double startupCpuSeconds, long storedBytes, double loadAverage) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    String shape() {
        return k + "+" + m;
    }

    String sizeLabel() {
        return sizeLabel(fileBytes);
    }

    /** "4 GiB" or "256 MiB". */
    static String sizeLabel(long bytes) {
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    /** Short label for charts. */
    String label() {
        return sizeLabel() + " " + shape() + " " + kind.label() + " " + op;
    }

    double ceilingMbps() {
        return fileBytes / 1e6 / ceiling.wallSeconds();
    }

    double zstorMbps() {
        return fileBytes / 1e6 / zstor.wallSeconds();
    }

    double ratio() {
        return zstorMbps() / ceilingMbps();
    }

    double ceilingTransferMbps() {
        return fileBytes / 1e6 / (ceilingTransferNanos / 1e9);
    }

    /**
     * zstor with the fixed start-up cost ({@code zstor test}) taken off its wall time; NaN when that cost is
     * more than 3/4 of the wall time (too small a file, or a start-up slowed by load: no usable figure).
     */
    double zstorNetMbps() {
        double net = zstor.wallSeconds() - startupSeconds;
        return net < zstor.wallSeconds() / 4 ? Double.NaN : fileBytes / 1e6 / net;
    }

    double netRatio() {
        return zstorNetMbps() / ceilingTransferMbps();
    }

    double zstorCpuPerGib() {
        return zstor.cpuSeconds() / (fileBytes / GIB);
    }

    double ceilingCpuPerGib() {
        return ceiling.cpuSeconds() / (fileBytes / GIB);
    }

    double zstorServerCpuPerGib() {
        return zstorServerCpuNanos / 1e9 / (fileBytes / GIB);
    }

    double ceilingServerCpuPerGib() {
        return ceilingServerCpuNanos / 1e9 / (fileBytes / GIB);
    }
}
