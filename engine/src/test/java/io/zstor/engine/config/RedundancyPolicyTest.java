package io.zstor.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RedundancyPolicyTest {

    /**
     * The literal rule, independent of the solver's reasoning: for every choice of lost groups, the pieces
     * left after also losing redundantNodes backends in each remaining group.
     */
    static int bruteSurvivors(RedundancyPolicy p, int[] counts) {
        int groups = counts.length;
        int lose = Math.min(p.redundantGroups(), groups);
        int worst = Integer.MAX_VALUE;
        for (int mask = 0; mask < 1 << groups; mask++) {
            if (Integer.bitCount(mask) != lose) {
                continue;
            }
            int left = 0;
            for (int g = 0; g < groups; g++) {
                if ((mask & 1 << g) == 0) {
                    left += Math.max(0, counts[g] - p.redundantNodes());
                }
            }
            worst = Math.min(worst, left);
        }
        return worst;
    }

    /** Whether any vector of exactly n pieces within the bounds satisfies the literal rule. */
    static boolean bruteFeasible(RedundancyPolicy p, int[] lower, int[] upper) {
        return search(p, lower, upper, new int[lower.length], 0, p.expectedShards());
    }

    private static boolean search(RedundancyPolicy p, int[] lower, int[] upper, int[] counts, int g, int left) {
        if (g == counts.length) {
            return left == 0 && bruteSurvivors(p, counts) >= p.minimalShards();
        }
        for (int c = lower[g]; c <= Math.min(upper[g], left); c++) {
            counts[g] = c;
            if (search(p, lower, upper, counts, g + 1, left - c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void survivorsMatchTheLiteralRule() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            int groups = 1 + random.nextInt(6);
            int[] counts = random.ints(groups, 0, 7).toArray();
            int n = Math.max(2, Arrays.stream(counts).sum());
            RedundancyPolicy p = new RedundancyPolicy(1, n, random.nextInt(4), random.nextInt(4));
            assertThat(p.survivingShards(counts)).as("%s %s", p, Arrays.toString(counts))
                    .isEqualTo(bruteSurvivors(p, counts));
        }
    }

    @Test
    void theOriginalsDocumentedExampleNeedsTwoPerGroup() {
        RedundancyPolicy p = new RedundancyPolicy(4, 6, 1, 0);
        assertThat(p.satisfiedBy(new int[] {2, 2, 2})).isTrue();
        assertThat(p.satisfiedBy(new int[] {3, 2, 1})).isFalse();
        assertThat(p.satisfiedBy(new int[] {3, 3, 0})).isFalse();
        int[] counts = p.minimalCounts(new int[3], new int[] {3, 3, 3}).orElseThrow();
        assertThat(counts).containsExactly(2, 2, 2);
    }

    @Test
    void solverAgreesWithBruteForceOnRandomSmallProblems() {
        SplittableRandom random = new SplittableRandom(42);
        int feasible = 0;
        for (int i = 0; i < 30_000; i++) {
            int groups = 1 + random.nextInt(5);
            int[] upper = random.ints(groups, 0, 6).toArray();
            int[] lower = new int[groups];
            if (random.nextInt(3) == 0) {
                for (int g = 0; g < groups; g++) {
                    lower[g] = random.nextInt(upper[g] + 1) / 2;
                }
            }
            int n = 2 + random.nextInt(11);
            int k = 1 + random.nextInt(n - 1);
            RedundancyPolicy p = new RedundancyPolicy(k, n, random.nextInt(3), random.nextInt(3));
            boolean expected = bruteFeasible(p, lower, upper);
            int[] counts = p.minimalCounts(lower, upper).orElse(null);
            String what = p + " lower=" + Arrays.toString(lower) + " upper=" + Arrays.toString(upper);
            assertThat(counts != null).as(what).isEqualTo(expected);
            if (counts != null) {
                feasible++;
                assertThat(Arrays.stream(counts).sum()).as(what).isLessThanOrEqualTo(n);
                for (int g = 0; g < groups; g++) {
                    assertThat(counts[g]).as(what).isBetween(lower[g], upper[g]);
                }
                assertThat(bruteSurvivors(p, counts)).as(what).isGreaterThanOrEqualTo(k);
                assertThat(Arrays.stream(counts).sum()).as(what + " is minimal")
                        .isEqualTo(bruteMinimalPieces(p, lower, upper));
            }
        }
        assertThat(feasible).isGreaterThan(3_000);
    }

    /** The fewest pieces of any valid vector within the bounds (pieces <= n). */
    private static int bruteMinimalPieces(RedundancyPolicy p, int[] lower, int[] upper) {
        int[] best = {Integer.MAX_VALUE};
        minimal(p, lower, upper, new int[lower.length], 0, 0, best);
        return best[0];
    }

    private static void minimal(RedundancyPolicy p, int[] lower, int[] upper, int[] counts, int g, int sum, int[] best) {
        if (sum >= best[0] || sum > p.expectedShards()) {
            return;
        }
        if (g == counts.length) {
            if (bruteSurvivors(p, counts) >= p.minimalShards()) {
                best[0] = sum;
            }
            return;
        }
        for (int c = lower[g]; c <= upper[g]; c++) {
            counts[g] = c;
            minimal(p, lower, upper, counts, g + 1, sum + c, best);
        }
        counts[g] = lower[g];
    }

    @Test
    void largeConfigsAreSolvedQuickly() {
        int[] upper = new int[50];
        Arrays.fill(upper, 20);
        RedundancyPolicy p = new RedundancyPolicy(200, 256, 2, 1);
        long start = System.nanoTime();
        int[] counts = p.minimalCounts(new int[50], upper).orElseThrow();
        long micros = (System.nanoTime() - start) / 1000;
        assertThat(p.satisfiedBy(counts)).isTrue();
        assertThat(micros).isLessThan(100_000);
    }

    @Test
    void boundsAreChecked() {
        RedundancyPolicy p = new RedundancyPolicy(2, 3, 0, 0);
        assertThatThrownBy(() -> p.minimalCounts(new int[2], new int[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.minimalCounts(new int[] {2}, new int[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedundancyPolicy(0, 3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.feasible(new int[] {0}, new int[] {2})).isFalse();
        assertThat(p.feasible(new int[] {2, 2}, new int[] {2, 2})).isFalse();
        assertThat(p.feasible(new int[] {0, 0}, new int[] {2, 2})).isTrue();
    }
}
