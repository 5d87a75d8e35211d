package io.zstor.engine.placement;

import io.zstor.engine.backend.BackendSpec;
import java.util.Comparator;

/**
 * A writable backend with what placement prefers about it: healthy before unknown, then more free space
 * (compared in steps of about 19%, so near-equal backends count as equal and load spreads), then a random
 * draw that differs per placement so equal backends share the load.
 *
 * @param spec the backend
 * @param healthy {@link BackendState#HEALTHY} (else {@link BackendState#UNKNOWN})
 * @param freeStep {@code floor(4 * log2(free bytes))}; unknown free space ranks highest
 * @param draw random tie-breaker
 */
record RankedBackend(BackendSpec spec, boolean healthy, int freeStep, int draw) {

    /** Most preferred first. */
    static final Comparator<RankedBackend> PREFERRED_FIRST = Comparator
            .comparing((RankedBackend b) -> !b.healthy)
            .thenComparing(Comparator.comparingInt((RankedBackend b) -> b.freeStep).reversed())
            .thenComparingInt(b -> b.draw);

    /** Ranks a writable backend. */
    static RankedBackend of(BackendSpec spec, BackendState state, long freeBytes, int draw) {
        return new RankedBackend(spec, state == BackendState.HEALTHY, freeStep(freeBytes), draw);
    }

    static int freeStep(long freeBytes) {
        if (freeBytes == Long.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        if (freeBytes <= 1) {
            return 0;
        }
        return (int) Math.floor(4 * Math.log(freeBytes) / Math.log(2));
    }
}
