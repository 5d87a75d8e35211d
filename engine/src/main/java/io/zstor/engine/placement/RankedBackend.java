package io.zstor.engine.placement;

import io.zstor.engine.backend.BackendSpec;

/**
 * A writable backend with what placement prefers about it: healthy before unknown, then more free space
 * (compared in steps of about 19%, so near-equal backends count as equal and load spreads), then a random
 * draw that differs per placement so equal backends share the load. {@link #order()} packs the three into
 * one number, smaller meaning preferred, so ranking costs one {@code long} comparison.
 *
 * @param spec the backend
 * @param healthy {@link BackendState#HEALTHY} (else {@link BackendState#UNKNOWN})
 * @param freeStep {@code floor(4 * log2(free bytes))}, 0 to 252; unknown free space ranks highest (255)
 * @param order the packed preference, smaller first
 */
record RankedBackend(BackendSpec spec, boolean healthy, int freeStep, long order) {

    /** Ranks a writable backend; {@code draw} is the random tie-breaker. */
    static RankedBackend of(BackendSpec spec, BackendState state, long freeBytes, int draw) {
        boolean healthy = state == BackendState.HEALTHY;
        int step = freeStep(freeBytes);
        long order = (healthy ? 0L : 1L) << 40 | (long) (255 - step) << 32 | (draw & 0xffffffffL);
        return new RankedBackend(spec, healthy, step, order);
    }

    /** {@code floor(4 * log2(freeBytes))} from the top three bits, without floating point. */
    static int freeStep(long freeBytes) {
        if (freeBytes == Long.MAX_VALUE) {
            return 255;
        }
        if (freeBytes <= 1) {
            return 0;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(freeBytes);
        // fraction bits below the leading one, as a value in [0, 1): step up at 2^(1/4), 2^(2/4), 2^(3/4)
        double fraction = log2 >= 52 ? (double) (freeBytes >>> (log2 - 52)) / (1L << 52)
                : (double) freeBytes / (1L << log2);
        int quarter = fraction >= 1.6817928305074290 ? 3 : fraction >= 1.4142135623730951 ? 2
                : fraction >= 1.1892071150027210 ? 1 : 0;
        return 4 * log2 + quarter;
    }
}
