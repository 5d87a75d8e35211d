package io.zstor.engine.repair;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one repair sweep.
 *
 * @param scrub whether every piece was read and its checksum verified
 * @param checked objects examined
 * @param needingRepair objects found with lost, corrupt or misplaced pieces
 * @param repaired objects whose full redundancy was restored
 * @param failed objects that could not be repaired (see the log; they are retried next sweep)
 * @param piecesRewritten pieces written by the repairs
 * @param repairedKeys keys of repaired objects in the order their repair started (the first
 *     {@value #MAX_KEYS} only, to keep the report small)
 * @param elapsed wall time of the sweep
 */
public record RepairReport(boolean scrub, long checked, long needingRepair, long repaired, long failed,
        long piecesRewritten, List<String> repairedKeys, Duration elapsed) {

    /** Most keys listed in {@link #repairedKeys()}. */
    public static final int MAX_KEYS = 100;

    /** Copies the list. */
    public RepairReport {
        repairedKeys = List.copyOf(repairedKeys);
    }
}
