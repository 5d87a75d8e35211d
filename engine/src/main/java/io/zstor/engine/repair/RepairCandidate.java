package io.zstor.engine.repair;

import java.util.Comparator;

/**
 * An object waiting for repair, with its remaining redundancy: how many more pieces of its worst block may
 * be lost before it becomes unreadable (negative when it already is). Lower margins are repaired first.
 *
 * @param key the object key
 * @param margin valid pieces of the worst block minus k
 */
record RepairCandidate(String key, int margin) {

    /** Least redundant first, then by key for a stable order. */
    static final Comparator<RepairCandidate> URGENCY = Comparator.comparingInt(RepairCandidate::margin)
            .thenComparing(RepairCandidate::key);
}
