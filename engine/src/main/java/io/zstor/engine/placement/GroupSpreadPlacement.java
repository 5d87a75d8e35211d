package io.zstor.engine.placement;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.RedundancyPolicy;
import io.zstor.engine.config.ZstorConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The default {@link PlacementStrategy}: spreads an object's pieces over the configured groups so that
 * the {@link RedundancyPolicy} holds (losing {@code redundant_groups} groups plus {@code redundant_nodes}
 * backends in every other group leaves {@code minimal_shards} pieces), choosing the best backends among all
 * valid placements.
 *
 * <p>Backends are taken one at a time, each time the best remaining one: healthy before unknown, then most
 * free space, then the group holding the fewest pieces so far (so pieces spread over groups), then at random
 * (so equal backends share the load across objects). A pick is kept only if the policy can still be met
 * with the backends left, which {@link RedundancyPolicy#feasible} answers exactly in polynomial time; a
 * group whose next piece would make the policy unreachable is closed. Since feasibility is monotone, this
 * greedy never dead-ends, and the result is always valid. Unlike the original, which enumerated every
 * ordered placement (exponential), this takes well under a millisecond for 50 groups of 20 backends.
 *
 * <p>Backends in state {@link BackendState#UNREACHABLE} or {@link BackendState#FULL} are never chosen.
 * Fixed pieces of a rebuild are taken as given and count for their group; a fixed backend that is in no
 * configured group counts as a group of its own.
 *
 * <p>Thread-safe when built with the default constructor.
 */
public final class GroupSpreadPlacement implements PlacementStrategy {
    private static final Comparator<RankedBackend> PREFERRED_FIRST = Comparator.comparingLong(RankedBackend::order);

    private final Supplier<RandomGenerator> random;
    /** The last group list found free of duplicates; configs change rarely, so one entry suffices. */
    private volatile List<GroupConfig> checkedGroups;

    /** Breaks ties with {@link ThreadLocalRandom}. */
    public GroupSpreadPlacement() {
        this(ThreadLocalRandom::current);
    }

    /** Breaks ties with {@code random}, for reproducible tests; thread-safe only if {@code random} is. */
    public GroupSpreadPlacement(RandomGenerator random) {
        this(() -> random);
    }

    private GroupSpreadPlacement(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public List<BackendSpec> place(ZstorConfig config, BackendHealth health, Map<Integer, BackendSpec> fixed) {
        RedundancyPolicy policy = config.redundancy();
        int n = policy.expectedShards();
        checkFixed(fixed, n);
        RandomGenerator rng = random.get();

        checkDistinct(config.groups());
        Set<BackendSpec> fixedBackends = fixed.isEmpty() ? Set.of() : new HashSet<>(fixed.values());
        Set<BackendSpec> fixedInGroups = new HashSet<>();
        List<List<RankedBackend>> candidates = new ArrayList<>();
        List<Integer> fixedPerGroup = new ArrayList<>();
        int unreachable = 0;
        int full = 0;
        for (GroupConfig group : config.groups()) {
            List<RankedBackend> usable = new ArrayList<>(group.backends().size());
            int fixedHere = 0;
            for (BackendSpec spec : group.backends()) {
                if (!fixedBackends.isEmpty() && fixedBackends.contains(spec)) {
                    fixedInGroups.add(spec);
                    fixedHere++;
                    continue;
                }
                BackendState state = health.state(spec);
                if (state.writable()) {
                    usable.add(RankedBackend.of(spec, state, health.freeBytes(spec), rng.nextInt()));
                } else if (state == BackendState.UNREACHABLE) {
                    unreachable++;
                } else {
                    full++;
                }
            }
            usable.sort(PREFERRED_FIRST);
            candidates.add(usable);
            fixedPerGroup.add(fixedHere);
        }
        for (BackendSpec spec : fixedBackends) {
            if (!fixedInGroups.contains(spec)) {
                candidates.add(List.of());
                fixedPerGroup.add(1);
            }
        }

        int groups = candidates.size();
        int[] lower = new int[groups];
        int[] upper = new int[groups];
        for (int g = 0; g < groups; g++) {
            lower[g] = fixedPerGroup.get(g);
            upper[g] = lower[g] + candidates.get(g).size();
        }
        int newPieces = n - fixed.size();
        int writable = Arrays.stream(upper).sum() - fixed.size();
        if (writable < newPieces) {
            throw new PlacementException("cannot place " + newPieces + (fixed.isEmpty() ? "" : " new") + " pieces: only "
                    + writable + " data backends are writable (" + unreachable + " unreachable, " + full + " full)");
        }
        int[] witness = policy.minimalCounts(lower, upper).orElse(null);
        if (witness == null) {
            throw new PlacementException("cannot place " + n + " pieces so that " + policy.minimalShards()
                    + " survive losing " + policy.redundantGroups() + " group(s) and " + policy.redundantNodes()
                    + " backend(s) in every other group: usable backends per group " + Arrays.toString(upper)
                    + (fixed.isEmpty() ? "" : ", of which fixed " + Arrays.toString(lower))
                    + " (" + unreachable + " unreachable, " + full + " full)");
        }
        List<BackendSpec> chosen = choose(policy, candidates, lower, upper, witness, newPieces);
        return assemble(fixed, chosen, n);
    }

    /**
     * Picks {@code count} backends greedily while keeping the policy reachable. A witness (a valid vector
     * within the bounds, at or above the current counts) saves most feasibility checks: while
     * {@code max(witness, counts)} holds at most n pieces, the policy is still reachable.
     */
    private static List<BackendSpec> choose(RedundancyPolicy policy, List<List<RankedBackend>> candidates,
            int[] lower, int[] upper, int[] initialWitness, int count) {
        int groups = candidates.size();
        int[] counts = lower.clone();
        int[] next = new int[groups];
        boolean[] closed = new boolean[groups];
        boolean satisfied = policy.satisfiedBy(counts);
        int[] witness = initialWitness;
        List<BackendSpec> chosen = new ArrayList<>(count);
        while (chosen.size() < count) {
            int best = -1;
            for (int g = 0; g < groups; g++) {
                if (!closed[g] && next[g] < candidates.get(g).size()
                        && (best < 0 || better(candidates, counts, next, g, best))) {
                    best = g;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("placement dead end; the feasibility check is wrong");
            }
            counts[best]++;
            if (!satisfied && !withinWitness(witness, counts, policy.expectedShards())) {
                int[] newWitness = policy.minimalCounts(counts, upper).orElse(null);
                if (newWitness == null) {
                    counts[best]--;
                    closed[best] = true;
                    continue;
                }
                witness = newWitness;
            }
            chosen.add(candidates.get(best).get(next[best]++).spec());
            satisfied = satisfied || policy.satisfiedBy(counts);
        }
        return chosen;
    }

    /** Whether {@code max(witness, counts)}, which satisfies the policy, still fits in n pieces. */
    private static boolean withinWitness(int[] witness, int[] counts, int n) {
        int sum = 0;
        for (int g = 0; g < counts.length; g++) {
            sum += Math.max(witness[g], counts[g]);
        }
        return sum <= n;
    }

    /** Whether group {@code a}'s next backend is preferred to group {@code b}'s. */
    private static boolean better(List<List<RankedBackend>> candidates, int[] counts, int[] next, int a, int b) {
        RankedBackend x = candidates.get(a).get(next[a]);
        RankedBackend y = candidates.get(b).get(next[b]);
        if (x.healthy() != y.healthy()) {
            return x.healthy();
        }
        if (x.freeStep() != y.freeStep()) {
            return x.freeStep() > y.freeStep();
        }
        if (counts[a] != counts[b]) {
            return counts[a] < counts[b];
        }
        return x.order() < y.order();
    }

    /** Fixed pieces at their indices, new backends filling the other indices in pick order. */
    private static List<BackendSpec> assemble(Map<Integer, BackendSpec> fixed, List<BackendSpec> chosen, int n) {
        BackendSpec[] pieces = new BackendSpec[n];
        fixed.forEach((index, spec) -> pieces[index] = spec);
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (pieces[i] == null) {
                pieces[i] = chosen.get(c++);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(pieces));
    }

    private void checkDistinct(List<GroupConfig> groups) {
        if (groups == checkedGroups) {
            return;
        }
        Set<BackendSpec> seen = new HashSet<>();
        for (GroupConfig group : groups) {
            for (BackendSpec spec : group.backends()) {
                if (!seen.add(spec)) {
                    throw new PlacementException("backend " + spec + " appears more than once in the groups");
                }
            }
        }
        checkedGroups = groups;
    }

    private static void checkFixed(Map<Integer, BackendSpec> fixed, int n) {
        Map<BackendSpec, Integer> indexOf = new HashMap<>();
        fixed.forEach((index, spec) -> {
            if (index == null || index < 0 || index >= n) {
                throw new IllegalArgumentException("fixed piece index " + index + " outside 0.." + (n - 1));
            }
            Integer other = indexOf.put(spec, index);
            if (other != null) {
                throw new IllegalArgumentException("backend " + spec + " fixed for pieces " + other + " and " + index);
            }
        });
    }
}
