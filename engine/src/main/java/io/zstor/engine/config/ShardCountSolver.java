package io.zstor.engine.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Exact solver behind {@link RedundancyPolicy#minimalCounts(int[], int[])}.
 *
 * <p>With {@code y[g] = max(0, counts[g] - r)} ({@code r = redundantNodes}) the pieces that survive are the
 * sum of all {@code y} but the {@code q = redundantGroups} largest, which equals
 * {@code max over L >= 0 of (sum_g min(y[g], L) - q * L)} (the maximum is reached at the (q+1)-th largest
 * {@code y}). So a vector is valid exactly when for some level {@code L >= 1}
 * {@code sum_g min(y[g], L) >= k + q * L}. For a fixed {@code L} the cheapest way to get there is a
 * covering problem: groups already holding {@code r} pieces gain one surviving piece per added piece (up to
 * {@code L}); other groups first need {@code r - counts[g]} unprotected pieces (their overhead). Groups
 * without fixed pieces all have the same overhead, so taking the roomiest ones first is optimal; mixed
 * overheads (rebuilds) use a small dynamic program over overhead classes. Trying every {@code L} up to
 * the largest group makes the whole search exact in {@code O(n * groups * log groups)} for new objects.
 */
final class ShardCountSolver {

    private ShardCountSolver() {
    }

    /** The cheapest valid vector within the bounds, or {@code null}; see the class comment. */
    static int[] solve(RedundancyPolicy policy, int[] lower, int[] upper) {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower and upper bounds differ in length");
        }
        long sumLower = 0;
        long sumUpper = 0;
        int maxKeep = 0;
        for (int g = 0; g < lower.length; g++) {
            if (lower[g] < 0 || upper[g] < lower[g]) {
                throw new IllegalArgumentException("invalid bounds for group " + g + ": " + lower[g] + ".." + upper[g]);
            }
            sumLower += lower[g];
            sumUpper += upper[g];
            maxKeep = Math.max(maxKeep, upper[g] - policy.redundantNodes());
        }
        int n = policy.expectedShards();
        if (sumLower > n || sumUpper < n) {
            return null;
        }
        if (policy.satisfiedBy(lower)) {
            return lower.clone();
        }
        int budget = n - (int) sumLower;
        int k = policy.minimalShards();
        int q = policy.redundantGroups();
        int maxLevel = Math.min(maxKeep, q == 0 ? n : (n - k) / q);
        int[] order = roomiestFirst(upper);
        int[] best = null;
        int bestCost = Integer.MAX_VALUE;
        for (int level = 1; level <= maxLevel; level++) {
            int[] plan = planForLevel(policy, lower, upper, order, level, budget);
            if (plan != null) {
                int cost = -(int) sumLower;
                for (int c : plan) {
                    cost += c;
                }
                if (cost < bestCost) {
                    best = plan;
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    /** The cheapest vector with {@code sum_g min(y[g], level) >= k + q * level}, or null if over budget. */
    private static int[] planForLevel(RedundancyPolicy policy, int[] lower, int[] upper, int[] roomiestFirst,
            int level, int budget) {
        int r = policy.redundantNodes();
        int need = policy.minimalShards() + policy.redundantGroups() * level;
        int[] counts = lower.clone();
        boolean mixedOverheads = false;
        int firstOverhead = -1;
        for (int g = 0; g < lower.length; g++) {
            need -= Math.min(Math.max(0, lower[g] - r), level);
            if (lower[g] < r && upper[g] > r) {
                int overhead = r - lower[g];
                mixedOverheads |= firstOverhead >= 0 && overhead != firstOverhead;
                firstOverhead = overhead;
            }
        }
        if (need <= 0) {
            return counts;
        }
        int cost = need;
        // groups at or above r pieces: every added piece survives, up to the level
        for (int g = 0; g < lower.length && need > 0; g++) {
            if (lower[g] >= r) {
                int room = Math.max(0, Math.min(upper[g] - r, level) - (lower[g] - r));
                int add = Math.min(room, need);
                counts[g] += add;
                need -= add;
            }
        }
        if (need == 0) {
            return cost <= budget ? counts : null;
        }
        if (!mixedOverheads) {
            // every other group needs the same overhead first: the roomiest groups need the fewest overheads
            for (int i = 0; i < roomiestFirst.length && need > 0; i++) {
                int g = roomiestFirst[i];
                int room = Math.min(upper[g] - r, level);
                if (lower[g] < r && room > 0) {
                    int add = Math.min(room, need);
                    cost += r - lower[g];
                    if (cost > budget) {
                        return null;
                    }
                    counts[g] = r + add;
                    need -= add;
                }
            }
            return need == 0 ? counts : null;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int g : roomiestFirst) {
            int room = Math.min(upper[g] - r, level);
            if (lower[g] < r && room > 0) {
                candidates.add(new Candidate(g, r - lower[g], room));
            }
        }
        List<Candidate> chosen = cheapestCover(candidates, need);
        if (chosen == null) {
            return null;
        }
        for (Candidate c : chosen) {
            cost += c.overhead;
            if (cost > budget) {
                return null;
            }
        }
        for (Candidate c : chosen) {
            int add = Math.min(c.room, need);
            counts[c.group] = r + add;
            need -= add;
        }
        return counts;
    }

    /** Group indices by upper bound, largest first, then by index. */
    private static int[] roomiestFirst(int[] upper) {
        long[] keys = new long[upper.length];
        for (int g = 0; g < upper.length; g++) {
            keys[g] = (long) (Integer.MAX_VALUE - upper[g]) << 32 | g;
        }
        Arrays.sort(keys);
        int[] order = new int[upper.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * The candidates of least total overhead whose rooms add up to {@code need}, roomiest first, or null:
     * a dynamic program over (overhead class, covered amount capped at need); within a class the roomiest
     * candidates are taken first.
     */
    private static List<Candidate> cheapestCover(List<Candidate> candidates, int need) {
        Comparator<Candidate> roomiestFirst = Comparator.comparingInt((Candidate c) -> -c.room);
        List<List<Candidate>> classes = new ArrayList<>();
        candidates.stream().mapToInt(c -> c.overhead).distinct().sorted().forEach(o -> classes.add(
                candidates.stream().filter(c -> c.overhead == o).sorted(roomiestFirst).toList()));
        int inf = Integer.MAX_VALUE;
        int[] cost = new int[need + 1];
        Arrays.fill(cost, inf);
        cost[0] = 0;
        int[][] takenCount = new int[classes.size()][need + 1];
        int[][] cameFrom = new int[classes.size()][need + 1];
        for (int i = 0; i < classes.size(); i++) {
            List<Candidate> cls = classes.get(i);
            int overhead = cls.get(0).overhead;
            int[] next = cost.clone();
            for (int v = 0; v <= need; v++) {
                cameFrom[i][v] = v;
            }
            for (int v = 0; v < need; v++) {
                if (cost[v] == inf) {
                    continue;
                }
                int covered = v;
                for (int j = 1; j <= cls.size() && covered < need; j++) {
                    covered = Math.min(need, covered + cls.get(j - 1).room);
                    int c = cost[v] + j * overhead;
                    if (c < next[covered]) {
                        next[covered] = c;
                        takenCount[i][covered] = j;
                        cameFrom[i][covered] = v;
                    }
                }
            }
            cost = next;
        }
        if (cost[need] == inf) {
            return null;
        }
        List<Candidate> taken = new ArrayList<>();
        int v = need;
        for (int i = classes.size() - 1; i >= 0; i--) {
            int j = takenCount[i][v];
            if (cameFrom[i][v] != v || j > 0) {
                taken.addAll(classes.get(i).subList(0, j));
                v = cameFrom[i][v];
            }
        }
        taken.sort(roomiestFirst);
        return taken;
    }

    /** A group without enough pieces to absorb node losses yet. */
    private record Candidate(int group, int overhead, int room) {
    }
}
