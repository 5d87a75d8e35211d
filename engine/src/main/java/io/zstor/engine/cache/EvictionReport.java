package io.zstor.engine.cache;

/**
 * The outcome of one eviction round.
 *
 * @param enabled whether both {@code zdb_data_dir_path} and {@code max_zdb_data_dir_size} are set
 * @param bytesBefore bytes of regular files in the directory before the round
 * @param bytesAfter bytes left after it
 * @param limitBytes the limit
 * @param deleted files deleted
 * @param kept files that were candidates but not verified as stored (absent, different content, changed
 *     meanwhile, or unreadable), so they were kept
 */
public record EvictionReport(boolean enabled, long bytesBefore, long bytesAfter, long limitBytes, int deleted,
        int kept) {

    /** Whether the directory is within its limit after the round. */
    public boolean withinLimit() {
        return !enabled || bytesAfter <= limitBytes;
    }

    static EvictionReport disabled() {
        return new EvictionReport(false, 0, 0, 0, 0, 0);
    }
}
