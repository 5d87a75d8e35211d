package io.zstor.engine.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The redundancy rule of a configuration: an object's {@code expectedShards} pieces must be spread over
 * the groups so that after losing any {@code redundantGroups} whole groups plus {@code redundantNodes}
 * backends in every remaining group, at least {@code minimalShards} pieces are left.
 *
 * <p>Only the number of pieces per group matters, so the rule is stated on <em>count vectors</em>
 * ({@code counts[g]} = pieces in group {@code g}). A group holding {@code c} pieces keeps
 * {@code max(0, c - redundantNodes)} of them after node losses, and the worst group losses are the groups
 * that keep the most. This is the semantics the original 0-stor_v2 intended; unlike it, this class never
 * underflows and never enumerates placements (see {@link #minimalCounts(int[], int[])}).
 *
 * @param minimalShards {@code minimal_shards}, k
 * @param expectedShards {@code expected_shards}, n
 * @param redundantGroups {@code redundant_groups}
 * @param redundantNodes {@code redundant_nodes}
 */
public record RedundancyPolicy(int minimalShards, int expectedShards, int redundantGroups, int redundantNodes) {

    /** Rejects negative values and {@code minimalShards} outside {@code [1, expectedShards]}. */
    public RedundancyPolicy {
        if (minimalShards < 1 || expectedShards < minimalShards || redundantGroups < 0 || redundantNodes < 0) {
            throw new IllegalArgumentException("invalid redundancy policy: minimal_shards=" + minimalShards
                    + " expected_shards=" + expectedShards + " redundant_groups=" + redundantGroups
                    + " redundant_nodes=" + redundantNodes);
        }
    }

    /** The policy of a configuration. */
    public static RedundancyPolicy of(ZstorConfig config) {
        return new RedundancyPolicy(config.minimalShards(), config.expectedShards(), config.redundantGroups(),
                config.redundantNodes());
    }

    /**
     * Pieces guaranteed to survive the worst loss the policy allows: the sum of
     * {@code max(0, counts[g] - redundantNodes)} over all groups but the {@code redundantGroups} largest.
     */
    public int survivingShards(int[] counts) {
        int[] kept = new int[counts.length];
        for (int g = 0; g < counts.length; g++) {
            kept[g] = Math.max(0, counts[g] - redundantNodes);
        }
        Arrays.sort(kept);
        int sum = 0;
        for (int g = 0; g < kept.length - redundantGroups; g++) {
            sum += kept[g];
        }
        return sum;
    }

    /** Whether pieces spread as {@code counts} survive every loss the policy allows. */
    public boolean satisfiedBy(int[] counts) {
        return survivingShards(counts) >= minimalShards;
    }

    /**
     * Finds a count vector with {@code lower[g] <= counts[g] <= upper[g]} and
     * {@code sum(counts) <= expectedShards} that satisfies the policy, using as few pieces as possible.
     * Adding pieces never breaks the policy, so the result can be padded to {@code expectedShards} pieces
     * in any way the bounds allow. Empty when no vector with exactly {@code expectedShards} pieces within
     * the bounds satisfies the policy.
     *
     * <p>Exact and polynomial: about {@code expectedShards * groups} steps in the usual case (no lower
     * bounds). Among equally cheap choices, groups with more room and then lower indices are used first,
     * so callers order groups by preference.
     *
     * @param lower pieces already placed per group (fixed pieces of a rebuild); all zero for a new object
     * @param upper the most pieces each group can hold ({@code lower} plus its usable free backends)
     */
    public Optional<int[]> minimalCounts(int[] lower, int[] upper) {
        return Optional.ofNullable(ShardCountSolver.solve(this, lower, upper));
    }

    /** Whether some count vector of exactly {@code expectedShards} pieces within the bounds satisfies the policy. */
    public boolean feasible(int[] lower, int[] upper) {
        return ShardCountSolver.solve(this, lower, upper) != null;
    }
}
