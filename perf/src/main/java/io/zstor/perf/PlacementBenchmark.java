package io.zstor.perf;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.config.CompressionConfig;
import io.zstor.engine.config.EncryptionConfig;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.MetaConfig;
import io.zstor.engine.config.TuningConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.placement.BackendHealth;
import io.zstor.engine.placement.BackendState;
import io.zstor.engine.placement.GroupSpreadPlacement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to place one object's pieces with {@link GroupSpreadPlacement}, which runs on every store and
 * rebuild. Scenarios are {@code <groups>x<backends per group>-<k>+<m>-g<redundant_groups>n<redundant_nodes>};
 * backends get random free space, 10% unknown health and 5% unreachable, so the ranking and the
 * feasibility checks all do real work. Target: 50 groups x 20 backends well under 100 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {

    /** The layout and redundancy settings. */
    @Param({"3x3-4+2-g1n0", "5x4-4+8-g1n1", "50x20-10+14-g2n1", "50x20-16+4-g0n0", "50x20-128+128-g3n2"})
    public String scenario;

    private ZstorConfig config;
    private BackendHealth health;
    private final GroupSpreadPlacement placement = new GroupSpreadPlacement();

    /** Builds the config and a health view from the scenario. */
    @Setup
    public void setUp() {
        String[] parts = scenario.split("[x\\-+gn]");
        int groups = Integer.parseInt(parts[0]);
        int perGroup = Integer.parseInt(parts[1]);
        int k = Integer.parseInt(parts[2]);
        int m = Integer.parseInt(parts[3]);
        int redundantGroups = Integer.parseInt(parts[5]);
        int redundantNodes = Integer.parseInt(parts[6]);
        SplittableRandom random = new SplittableRandom(1);
        Map<BackendSpec, BackendState> states = new HashMap<>();
        Map<BackendSpec, Long> free = new HashMap<>();
        List<GroupConfig> groupConfigs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<BackendSpec> backends = new ArrayList<>();
            for (int b = 0; b < perGroup; b++) {
                BackendSpec spec = BackendSpec.of("10." + g / 250 + "." + g % 250 + "." + b + ":9900", "data");
                backends.add(spec);
                int dice = random.nextInt(100);
                states.put(spec, dice < 5 && groups > 5 ? BackendState.UNREACHABLE
                        : dice < 15 ? BackendState.UNKNOWN : BackendState.HEALTHY);
                free.put(spec, random.nextLong(1L << 30, 1L << 42));
            }
            groupConfigs.add(new GroupConfig(backends));
        }
        EncryptionConfig key = new EncryptionConfig("AES", Secret.ofBytes(new byte[32]));
        List<BackendSpec> meta = List.of(BackendSpec.of("10.255.0.1:9900", "m"), BackendSpec.of("10.255.0.2:9900", "m"),
                BackendSpec.of("10.255.0.3:9900", "m"), BackendSpec.of("10.255.0.4:9900", "m"));
        config = new ZstorConfig(k, k + m, redundantGroups, redundantNodes, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(), key,
                new CompressionConfig("snappy"), new MetaConfig("zdb", "bench", key, meta), groupConfigs,
                TuningConfig.defaults());
        health = new BackendHealth() {
            @Override
            public BackendState state(BackendSpec backend) {
                return states.get(backend);
            }

            @Override
            public long freeBytes(BackendSpec backend) {
                return free.get(backend);
            }
        };
        place(); // fail fast on an infeasible scenario
    }

    /** One placement of a new object. */
    @Benchmark
    public List<BackendSpec> place() {
        return placement.place(config, health, Map.of());
    }
}
