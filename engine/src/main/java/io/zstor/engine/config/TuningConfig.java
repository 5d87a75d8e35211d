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
 * @param repairInterval {@code repair_interval_secs}: how often the repair sweep walks all metadata (10 min)
 * @param healthCheckInterval {@code health_check_interval_secs}: NSINFO round on every backend (3 s)
 * @param unreachableGrace {@code unreachable_grace_secs}: continuous failure before a backend is declared
 *     unreachable and its pieces are repaired elsewhere (5 min)
 * @param lowSpaceThresholdBytes {@code low_space_threshold_mib} (MiB in the file): a backend with less free
 *     space is full and gets no new pieces (100 MiB)
 * @param scrubInterval {@code scrub_interval_secs}: how often the repair sweep also reads every piece and
 *     verifies its checksum (24 h)
 * @param repairConcurrency {@code repair_concurrency}: objects checked or repaired at once (2)
 * @param dirMonitorInterval {@code dir_monitor_interval_secs}: local 0-db data dir eviction round (60 s)
 */
public record TuningConfig(
        int blockSize,
        int blocksInFlight,
        int maxParallelUploads,
        Duration zdbTimeout,
        Duration zdbConnectTimeout,
        int zdbMaxInFlight,
        Duration repairInterval,
        Duration healthCheckInterval,
        Duration unreachableGrace,
        long lowSpaceThresholdBytes,
        Duration scrubInterval,
        int repairConcurrency,
        Duration dirMonitorInterval) {

    /** Default {@link #healthCheckInterval()}. */
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(3);
    /** Default {@link #unreachableGrace()}. */
    public static final Duration DEFAULT_UNREACHABLE_GRACE = Duration.ofMinutes(5);
    /** Default {@link #lowSpaceThresholdBytes()}. */
    public static final long DEFAULT_LOW_SPACE_THRESHOLD_BYTES = 100L << 20;
    /** Default {@link #scrubInterval()}. */
    public static final Duration DEFAULT_SCRUB_INTERVAL = Duration.ofHours(24);
    /** Default {@link #repairConcurrency()}. */
    public static final int DEFAULT_REPAIR_CONCURRENCY = 2;
    /** Default {@link #dirMonitorInterval()}. */
    public static final Duration DEFAULT_DIR_MONITOR_INTERVAL = Duration.ofSeconds(60);

    /** The first seven keys; the background keys take their defaults. */
    public TuningConfig(int blockSize, int blocksInFlight, int maxParallelUploads, Duration zdbTimeout,
            Duration zdbConnectTimeout, int zdbMaxInFlight, Duration repairInterval) {
        this(blockSize, blocksInFlight, maxParallelUploads, zdbTimeout, zdbConnectTimeout, zdbMaxInFlight, repairInterval,
                DEFAULT_HEALTH_CHECK_INTERVAL, DEFAULT_UNREACHABLE_GRACE, DEFAULT_LOW_SPACE_THRESHOLD_BYTES,
                DEFAULT_SCRUB_INTERVAL, DEFAULT_REPAIR_CONCURRENCY, DEFAULT_DIR_MONITOR_INTERVAL);
    }

    /** The defaults. */
    public static TuningConfig defaults() {
        return new TuningConfig(4 << 20, 4, 2, Duration.ofSeconds(30), Duration.ofSeconds(10), 16, Duration.ofMinutes(10));
    }

    /** A copy with other background intervals and bounds (tests, the daemon). */
    public TuningConfig withBackground(Duration repairInterval, Duration healthCheckInterval, Duration unreachableGrace,
            long lowSpaceThresholdBytes, Duration scrubInterval, int repairConcurrency, Duration dirMonitorInterval) {
        return new TuningConfig(blockSize, blocksInFlight, maxParallelUploads, zdbTimeout, zdbConnectTimeout,
                zdbMaxInFlight, repairInterval, healthCheckInterval, unreachableGrace, lowSpaceThresholdBytes,
                scrubInterval, repairConcurrency, dirMonitorInterval);
    }
}
