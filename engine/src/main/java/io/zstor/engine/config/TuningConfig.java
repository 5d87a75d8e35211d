package io.zstor.engine.config;

import java.time.Duration;

/**
 * zstor's own keys (absent from the original), each with a default chosen by measurement.
 *
 * @param blockSize {@code block_size}: plaintext bytes per block (default 4 MiB)
 * @param blocksInFlight {@code blocks_in_flight}: blocks being coded or written at once per object
 * @param maxParallelUploads {@code max_parallel_uploads}: objects stored concurrently (daemon, bulk)
 * @param zdbTimeout {@code zdb_timeout_secs}: per-command timeout
 * @param zdbConnectTimeout {@code zdb_connect_timeout_secs}
 * @param zdbMaxInFlight {@code zdb_max_in_flight}: commands in flight per backend connection
 * @param repairInterval {@code repair_interval_secs}
 */
public record TuningConfig(
        int blockSize,
        int blocksInFlight,
        int maxParallelUploads,
        Duration zdbTimeout,
        Duration zdbConnectTimeout,
        int zdbMaxInFlight,
        Duration repairInterval) {

    /** The defaults. */
    public static TuningConfig defaults() {
        return new TuningConfig(4 << 20, 4, 2, Duration.ofSeconds(30), Duration.ofSeconds(10), 16, Duration.ofMinutes(10));
    }
}
