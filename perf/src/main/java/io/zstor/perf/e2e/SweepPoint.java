package io.zstor.perf.e2e;

/**
 * One point of the tuning sweep: the zstor CLI storing and retrieving one file with one value of
 * {@code block_size} or {@code blocks_in_flight}, everything else at its default.
 *
 * @param knob {@code block_size} or {@code blocks_in_flight}
 * @param value the knob's value (bytes for block_size)
 * @param fileBytes user data bytes
 * @param k data shards
 * @param m parity shards
 * @param store the {@code zstor store} process
 * @param retrieve the {@code zstor retrieve} process
 * @param startupSeconds wall time of {@code zstor test} on the same cluster (fixed start-up cost)
 * @param loadAverage the 1-minute load average when the point started
 */
record SweepPoint(String knob, int value, long fileBytes, int k, int m, ProcessStats store, ProcessStats retrieve,
                  double startupSeconds, double loadAverage) {

    static final String BLOCK_SIZE = "block_size";
    static final String BLOCKS_IN_FLIGHT = "blocks_in_flight";

    /** The value as shown: KiB/MiB for block sizes, the plain number otherwise. */
    String valueLabel() {
        if (!knob.equals(BLOCK_SIZE)) {
            return Integer.toString(value);
        }
        return value % (1 << 20) == 0 ? (value >> 20) + " MiB" : (value >> 10) + " KiB";
    }

    double storeMbps() {
        return fileBytes / 1e6 / store.wallSeconds();
    }

    double retrieveMbps() {
        return fileBytes / 1e6 / retrieve.wallSeconds();
    }

    double storeNetMbps() {
        return net(store);
    }

    double retrieveNetMbps() {
        return net(retrieve);
    }

    /** As in {@link CaseResult#zstorNetMbps()}: NaN when start-up is more than 3/4 of the wall time. */
    private double net(ProcessStats p) {
        double net = p.wallSeconds() - startupSeconds;
        return net < p.wallSeconds() / 4 ? Double.NaN : fileBytes / 1e6 / net;
    }
}
