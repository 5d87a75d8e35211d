package io.zstor.engine.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.config.CompressionConfig;
import io.zstor.engine.config.EncryptionConfig;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.MetaConfig;
import io.zstor.engine.config.TuningConfig;
import io.zstor.engine.config.ZstorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupSpreadPlacementTest {

    /** A health view backed by maps; absent backends are healthy with unknown free space. */
    static final class FakeHealth implements BackendHealth {
        final Map<BackendSpec, BackendState> states = new HashMap<>();
        final Map<BackendSpec, Long> free = new HashMap<>();

        @Override
        public BackendState state(BackendSpec backend) {
            return states.getOrDefault(backend, BackendState.HEALTHY);
        }

        @Override
        public long freeBytes(BackendSpec backend) {
            return free.getOrDefault(backend, Long.MAX_VALUE);
        }
    }

    static BackendSpec backend(int group, int index) {
        return BackendSpec.of("10.0." + group + "." + index + ":9900", "data");
    }

    static ZstorConfig config(int k, int n, int redundantGroups, int redundantNodes, int... groupSizes) {
        List<GroupConfig> groups = new ArrayList<>();
        for (int g = 0; g < groupSizes.length; g++) {
            List<BackendSpec> backends = new ArrayList<>();
            for (int b = 0; b < groupSizes[g]; b++) {
                backends.add(backend(g, b));
            }
            groups.add(new GroupConfig(backends));
        }
        EncryptionConfig key = new EncryptionConfig("AES", Secret.ofBytes(new byte[32]));
        List<BackendSpec> meta = List.of(BackendSpec.of("10.9.0.1:9900", "m"), BackendSpec.of("10.9.0.2:9900", "m"),
                BackendSpec.of("10.9.0.3:9900", "m"), BackendSpec.of("10.9.0.4:9900", "m"));
        return new ZstorConfig(k, n, redundantGroups, redundantNodes, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(), key,
                new CompressionConfig("snappy"), new MetaConfig("zdb", "p", key, meta), groups, TuningConfig.defaults());
    }

    /** Pieces per configured group; a backend in no group counts as its own group. */
    static int[] countsPerGroup(ZstorConfig config, List<BackendSpec> placement) {
        Map<BackendSpec, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < config.groups().size(); g++) {
            for (BackendSpec b : config.groups().get(g).backends()) {
                groupOf.put(b, g);
            }
        }
        List<Integer> counts = new ArrayList<>();
        config.groups().forEach(g -> counts.add(0));
        for (BackendSpec b : placement) {
            Integer g = groupOf.get(b);
            if (g == null) {
                counts.add(1);
            } else {
                counts.set(g, counts.get(g) + 1);
            }
        }
        return counts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The literal rule: for every set of lost groups, pieces left after losing r backends in each other group. */
    static int worstCaseSurvivors(int[] counts, int lostGroups, int lostNodes) {
        int groups = counts.length;
        assertThat(groups).isLessThan(20);
        int lose = Math.min(lostGroups, groups);
        int worst = Integer.MAX_VALUE;
        for (int mask = 0; mask < 1 << groups; mask++) {
            if (Integer.bitCount(mask) == lose) {
                int left = 0;
                for (int g = 0; g < groups; g++) {
                    if ((mask & 1 << g) == 0) {
                        left += Math.max(0, counts[g] - lostNodes);
                    }
                }
                worst = Math.min(worst, left);
            }
        }
        return worst;
    }

    /** Whether any choice of n distinct usable backends (fixed ones included) meets the literal rule. */
    static boolean bruteFeasible(int k, int n, int lostGroups, int lostNodes, int[] fixed, int[] usable) {
        return search(k, n, lostGroups, lostNodes, fixed, usable, new int[fixed.length], 0,
                n - java.util.Arrays.stream(fixed).sum());
    }

    private static boolean search(int k, int n, int lg, int ln, int[] fixed, int[] usable, int[] counts, int g, int left) {
        if (g == counts.length) {
            return left == 0 && worstCaseSurvivors(counts, lg, ln) >= k;
        }
        for (int c = fixed[g]; c <= Math.min(fixed[g] + usable[g], fixed[g] + left); c++) {
            counts[g] = c;
            if (search(k, n, lg, ln, fixed, usable, counts, g + 1, left - (c - fixed[g]))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void randomConfigsArePlacedValidlyExactlyWhenBruteForceFindsAPlacement() {
        SplittableRandom random = new SplittableRandom(7);
        GroupSpreadPlacement placement = new GroupSpreadPlacement(new SplittableRandom(8));
        int placed = 0;
        int refused = 0;
        for (int round = 0; round < 4_000; round++) {
            int groupCount = 1 + random.nextInt(5);
            int[] sizes = random.ints(groupCount, 1, 6).toArray();
            int total = java.util.Arrays.stream(sizes).sum();
            int n = 2 + random.nextInt(Math.max(1, Math.min(total, 12) - 1));
            int k = 1 + random.nextInt(n - 1);
            ZstorConfig config = config(k, n, random.nextInt(3), random.nextInt(3), sizes);
            FakeHealth health = new FakeHealth();
            List<BackendSpec> all = config.groups().stream().flatMap(g -> g.backends().stream()).toList();
            for (BackendSpec b : all) {
                int dice = random.nextInt(10);
                if (dice == 0) {
                    health.states.put(b, BackendState.UNREACHABLE);
                } else if (dice == 1) {
                    health.states.put(b, BackendState.FULL);
                } else if (dice < 4) {
                    health.states.put(b, BackendState.UNKNOWN);
                }
                health.free.put(b, random.nextLong(1, 1L << 40));
            }
            Map<Integer, BackendSpec> fixed = new TreeMap<>();
            if (random.nextInt(3) == 0) {
                List<BackendSpec> shuffled = new ArrayList<>(all);
                java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
                int fixedCount = random.nextInt(Math.min(n, shuffled.size()) + 1);
                for (int i = 0; i < fixedCount; i++) {
                    int index;
                    do {
                        index = random.nextInt(n);
                    } while (fixed.containsKey(index));
                    fixed.put(index, shuffled.get(i));
                }
                if (random.nextInt(4) == 0 && fixed.size() < n) {
                    int index = 0;
                    while (fixed.containsKey(index)) {
                        index++;
                    }
                    fixed.put(index, BackendSpec.of("192.168.1.1:9900", "gone"));
                }
            }

            int[] fixedPerGroup = countsPerGroup(config, List.copyOf(fixed.values()));
            int[] usable = new int[fixedPerGroup.length];
            for (int g = 0; g < config.groups().size(); g++) {
                for (BackendSpec b : config.groups().get(g).backends()) {
                    if (!fixed.containsValue(b) && health.state(b).writable()) {
                        usable[g]++;
                    }
                }
            }
            boolean possible = bruteFeasible(k, n, config.redundantGroups(), config.redundantNodes(), fixedPerGroup, usable);
            String what = config.redundancy() + " sizes=" + java.util.Arrays.toString(sizes) + " fixed=" + fixed;
            if (!possible) {
                assertThatThrownBy(() -> placement.place(config, health, fixed)).as(what)
                        .isInstanceOf(PlacementException.class).hasMessageStartingWith("cannot place");
                refused++;
                continue;
            }
            List<BackendSpec> result = placement.place(config, health, fixed);
            placed++;
            assertThat(result).as(what).hasSize(n).doesNotHaveDuplicates();
            fixed.forEach((index, b) -> assertThat(result.get(index)).as(what).isEqualTo(b));
            for (BackendSpec b : result) {
                if (!fixed.containsValue(b)) {
                    assertThat(health.state(b).writable()).as(what + " picked " + b).isTrue();
                }
            }
            assertThat(worstCaseSurvivors(countsPerGroup(config, result), config.redundantGroups(),
                    config.redundantNodes())).as(what + " -> " + result).isGreaterThanOrEqualTo(k);
        }
        assertThat(placed).isGreaterThan(800);
        assertThat(refused).isGreaterThan(200);
    }

    @Test
    void spreadsEvenlyOverGroupsWhenNothingElseDiffers() {
        ZstorConfig config = config(4, 8, 0, 0, 5, 5, 5, 5);
        GroupSpreadPlacement placement = new GroupSpreadPlacement();
        for (int i = 0; i < 50; i++) {
            int[] counts = countsPerGroup(config, placement.place(config, BackendHealth.allHealthy(), Map.of()));
            assertThat(counts).containsExactly(2, 2, 2, 2);
        }
    }

    @Test
    void sharesLoadAcrossEqualBackends() {
        ZstorConfig config = config(2, 3, 0, 0, 10);
        GroupSpreadPlacement placement = new GroupSpreadPlacement(new SplittableRandom(3));
        Map<BackendSpec, Integer> uses = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            placement.place(config, BackendHealth.allHealthy(), Map.of()).forEach(b -> uses.merge(b, 1, Integer::sum));
        }
        assertThat(uses).hasSize(10);
        assertThat(uses.values()).allSatisfy(count -> assertThat(count).isBetween(200, 400));
    }

    @Test
    void prefersHealthyBackendsWithMostFreeSpace() {
        ZstorConfig config = config(2, 4, 0, 0, 4, 4);
        FakeHealth health = new FakeHealth();
        for (int g = 0; g < 2; g++) {
            for (int b = 0; b < 4; b++) {
                health.free.put(backend(g, b), 1L << (30 + b + 4 * g)); // a factor 2 apart: distinct preference steps
            }
        }
        health.states.put(backend(1, 3), BackendState.UNKNOWN);
        List<BackendSpec> result = new GroupSpreadPlacement().place(config, health, Map.of());
        // the most free space is in group 1, but its roomiest backend has unknown health
        assertThat(result).containsExactly(backend(1, 2), backend(1, 1), backend(1, 0), backend(0, 3));
    }

    @Test
    void neverPicksUnreachableOrFullBackends() {
        ZstorConfig config = config(2, 4, 0, 0, 3, 3);
        FakeHealth health = new FakeHealth();
        health.states.put(backend(0, 0), BackendState.UNREACHABLE);
        health.states.put(backend(1, 2), BackendState.FULL);
        GroupSpreadPlacement placement = new GroupSpreadPlacement();
        for (int i = 0; i < 20; i++) {
            assertThat(placement.place(config, health, Map.of()))
                    .containsExactlyInAnyOrder(backend(0, 1), backend(0, 2), backend(1, 0), backend(1, 1));
        }
        health.states.put(backend(0, 1), BackendState.FULL);
        assertThatThrownBy(() -> placement.place(config, health, Map.of())).isInstanceOf(PlacementException.class)
                .hasMessage("cannot place 4 pieces: only 3 data backends are writable (1 unreachable, 2 full)");
    }

    @Test
    void explainsWhenTheRedundancyCannotBeMetWithTheUsableBackends() {
        ZstorConfig config = config(4, 6, 1, 0, 3, 3, 3);
        FakeHealth health = new FakeHealth();
        health.states.put(backend(2, 0), BackendState.UNREACHABLE);
        health.states.put(backend(2, 1), BackendState.UNREACHABLE);
        assertThatThrownBy(() -> new GroupSpreadPlacement().place(config, health, Map.of()))
                .isInstanceOf(PlacementException.class)
                .hasMessage("cannot place 6 pieces so that 4 survive losing 1 group(s) and 0 backend(s) in every other"
                        + " group: usable backends per group [3, 3, 1] (2 unreachable, 0 full)");
        health.states.clear();
        assertThat(countsPerGroup(config, new GroupSpreadPlacement().place(config, health, Map.of())))
                .containsExactly(2, 2, 2);
    }

    @Test
    void concentratesPiecesWhenNodeLossesRequireIt() {
        // 2 node losses per group: one piece per group would all be lost, so pieces must be packed
        ZstorConfig config = config(3, 9, 0, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
        for (int i = 0; i < 20; i++) {
            int[] counts = countsPerGroup(config, new GroupSpreadPlacement().place(config, BackendHealth.allHealthy(), Map.of()));
            assertThat(worstCaseSurvivors(counts, 0, 2)).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void keepsFixedPiecesAndTreatsUnknownFixedBackendsAsTheirOwnGroup() {
        ZstorConfig config = config(2, 4, 1, 0, 2, 2, 2);
        BackendSpec retired = BackendSpec.of("192.168.0.9:9900", "old");
        Map<Integer, BackendSpec> fixed = Map.of(0, backend(0, 0), 3, retired);
        List<BackendSpec> result = new GroupSpreadPlacement().place(config, BackendHealth.allHealthy(), fixed);
        assertThat(result.get(0)).isEqualTo(backend(0, 0));
        assertThat(result.get(3)).isEqualTo(retired);
        assertThat(result).doesNotHaveDuplicates();
        int[] counts = countsPerGroup(config, result);
        assertThat(worstCaseSurvivors(counts, 1, 0)).isGreaterThanOrEqualTo(2);

        assertThatThrownBy(() -> new GroupSpreadPlacement().place(config, BackendHealth.allHealthy(), Map.of(4, retired)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fixed piece index 4 outside 0..3");
        assertThatThrownBy(() -> new GroupSpreadPlacement().place(config, BackendHealth.allHealthy(),
                Map.of(0, retired, 1, retired))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fiftyGroupsOfTwentyArePlacedFast() {
        ZstorConfig config = config(10, 24, 2, 1, sizes(50, 20));
        ZstorConfig wide = config(128, 256, 3, 2, sizes(50, 20));
        FakeHealth health = new FakeHealth();
        SplittableRandom random = new SplittableRandom(5);
        config.groups().forEach(g -> g.backends().forEach(b -> health.free.put(b, random.nextLong(1L << 40))));
        GroupSpreadPlacement placement = new GroupSpreadPlacement();
        for (int i = 0; i < 200; i++) {
            placement.place(config, health, Map.of());
            placement.place(wide, health, Map.of());
        }
        long start = System.nanoTime();
        List<BackendSpec> result = placement.place(config, health, Map.of());
        List<BackendSpec> wideResult = placement.place(wide, health, Map.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isLessThan(100);
        // too many groups for the literal check; RedundancyPolicyTest checks satisfiedBy against it
        assertThat(config.redundancy().satisfiedBy(countsPerGroup(config, result))).isTrue();
        assertThat(config.redundancy().satisfiedBy(countsPerGroup(wide, wideResult))).isTrue();
        assertThat(new HashSet<>(wideResult)).hasSize(256);
    }

    private static int[] sizes(int groups, int size) {
        int[] sizes = new int[groups];
        java.util.Arrays.fill(sizes, size);
        return sizes;
    }

    @Test
    void rejectsBackendsListedInTwoGroups() {
        ZstorConfig base = config(1, 2, 0, 0, 2);
        List<GroupConfig> groups = List.of(base.groups().get(0), new GroupConfig(List.of(backend(0, 0))));
        ZstorConfig config = new ZstorConfig(1, 2, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(), base.encryption(),
                base.compression(), base.meta(), groups, base.tuning());
        assertThatThrownBy(() -> new GroupSpreadPlacement().place(config, BackendHealth.allHealthy(), Map.of()))
                .isInstanceOf(PlacementException.class).hasMessageContaining("appears more than once");
    }
}
