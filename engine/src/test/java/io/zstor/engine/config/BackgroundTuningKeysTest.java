package io.zstor.engine.config;

import static io.zstor.engine.config.ConfigTexts.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The background-service keys of {@link TuningConfig}: defaults, parsing and bounds. */
class BackgroundTuningKeysTest {

    private static final String SHARDS = "minimal_shards = 4\nexpected_shards = 6\nredundant_groups = 1\n"
            + "redundant_nodes = 0";

    private static ZstorConfig parse(String text) {
        return ConfigLoader.parse(text, "zstor.toml", w -> { });
    }

    @Test
    void defaultsApplyWhenAbsent() {
        TuningConfig t = parse(valid(SHARDS, 3, 3)).tuning();
        assertThat(t.repairInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.healthCheckInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.unreachableGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.lowSpaceThresholdBytes()).isEqualTo(100L << 20);
        assertThat(t.scrubInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(t.repairConcurrency()).isEqualTo(2);
        assertThat(t.dirMonitorInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsEveryBackgroundKey() {
        TuningConfig t = parse(valid(SHARDS + """

                health_check_interval_secs = 7
                unreachable_grace_secs = 120
                low_space_threshold_mib = 512
                scrub_interval_secs = 3600
                repair_concurrency = 5
                dir_monitor_interval_secs = 30""", 3, 3)).tuning();
        assertThat(t).isEqualTo(TuningConfig.defaults().withBackground(Duration.ofMinutes(10), Duration.ofSeconds(7),
                Duration.ofSeconds(120), 512L << 20, Duration.ofHours(1), 5, Duration.ofSeconds(30)));
    }

    @Test
    void outOfRangeValuesAreReportedInOneLineEach() {
        assertThatThrownBy(() -> parse(valid(SHARDS + "\nrepair_concurrency = 0\nhealth_check_interval_secs = 0", 3, 3)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).contains("repair_concurrency"))
                        .anySatisfy(p -> assertThat(p).contains("health_check_interval_secs")));
    }
}
