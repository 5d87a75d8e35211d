package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long MIB = 1L << 20;

    @Test
    void defaultsFitTheLaunchersHeap() {
        // bin/zstor runs with -Xmx224m and the serial collector, whose Runtime.maxMemory() is then 216 MiB:
        // 4 blocks of 4 MiB in flight for each of 2 parallel operations still fit
        MemoryBudget budget = MemoryBudget.of(216 * MIB, 2);
        assertThat(budget.blocksInFlight(4, 4 * MIB, 4, 6)).isEqualTo(4);
        assertThat(budget.blocksInFlight(4, 4 * MIB, 10, 15)).isEqualTo(4);
    }

    @Test
    void tooManyLargeBlocksAreLoweredToWhatFits() {
        // 16 blocks of 4 MiB ran a 256 MiB heap out of memory (and hung the retrieve) before this bound
        MemoryBudget budget = MemoryBudget.of(256 * MIB, 2);
        int allowed = budget.blocksInFlight(16, 4 * MIB, 4, 6);
        assertThat(allowed).isBetween(1, 15);
        assertThat(allowed * 4 * MIB * 4.5).isLessThanOrEqualTo(budget.bytesPerOperation());
    }

    @Test
    void neverBelowOneBlockAndNeverAboveTheConfiguredCount() {
        assertThat(MemoryBudget.of(16 * MIB, 8).blocksInFlight(4, 8 * MIB, 1, 2)).isEqualTo(1);
        assertThat(MemoryBudget.of(64L << 30, 1).blocksInFlight(6, 4 * MIB, 4, 6)).isEqualTo(6);
    }
}
