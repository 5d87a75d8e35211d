package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ballast's fill loop against a fake machine whose free memory each read lowers (or not). */
class PageCacheBallastTest {

    private static final long MIB = 1L << 20;
    private static final long CHUNK = PageCacheBallast.CHUNK_MIB * MIB;
    private static final long TARGET = PageCacheBallast.TARGET_FREE_MIB * MIB;

    /**
     * Free memory that each read lowers by {@code cachedPerRead} bytes, down to the {@code floor} the kernel's
     * reclaim holds; records the ranges read.
     */
    private static final class FakeMachine {
        long free;
        final long cachedPerRead;
        long floor;
        final List<Long> positions = new ArrayList<>();

        FakeMachine(long free, long cachedPerRead) {
            this.free = free;
            this.cachedPerRead = cachedPerRead;
        }

        PageCacheBallast ballast(long fileBytes) {
            return new PageCacheBallast(() -> free, (position, length) -> {
                assertThat(length).isEqualTo(CHUNK);
                positions.add(position);
                free = Math.max(floor, free - cachedPerRead);
            }, fileBytes, () -> { });
        }
    }

    @Test
    void readsUntilFreeMemoryIsAtTheTargetAndNeverRereadsARange() {
        FakeMachine m = new FakeMachine(2048 * MIB, CHUNK);
        PageCacheBallast b = m.ballast(1L << 40);
        long read = b.fill();
        assertThat(m.free).isLessThanOrEqualTo(TARGET).isGreaterThan(TARGET - CHUNK);
        assertThat(read).isEqualTo(2048 * MIB - m.free);
        m.free += 3000 * MIB; // a phase deleted files
        long again = b.fill();
        assertThat(again).isPositive();
        assertThat(m.free).isLessThanOrEqualTo(TARGET);
        assertThat(m.positions).doesNotHaveDuplicates();
        for (int i = 0; i < m.positions.size(); i++) {
            assertThat(m.positions.get(i)).isEqualTo(i * CHUNK);
        }
        assertThat(b.summary()).startsWith("page-cache ballast: ").contains("over 2 fills").doesNotContain("disabled");
    }

    @Test
    void readsNothingWhenFreeMemoryIsAlreadyLowOrUnknown() {
        FakeMachine low = new FakeMachine(TARGET, CHUNK);
        assertThat(low.ballast(1L << 40).fill()).isZero();
        assertThat(low.positions).isEmpty();
        FakeMachine unknown = new FakeMachine(-1, CHUNK);
        assertThat(unknown.ballast(1L << 40).fill()).isZero();
        assertThat(unknown.positions).isEmpty();
    }

    @Test
    void stopsAtTheFloorTheKernelHoldsAndStaysOn() {
        FakeMachine m = new FakeMachine(4096 * MIB, CHUNK);
        m.floor = 600 * MIB;
        PageCacheBallast b = m.ballast(1L << 40);
        long read = b.fill();
        assertThat(m.free).isEqualTo(600 * MIB);
        assertThat(read).as("stops within two 256 MiB windows of reaching the floor")
                .isBetween(3496 * MIB, 3496 * MIB + 8 * CHUNK);
        int before = m.positions.size();
        m.free = 700 * MIB; // a later phase starts just above the floor
        assertThat(b.fill()).isPositive().isLessThanOrEqualTo(8 * CHUNK);
        m.free += 2048 * MIB;
        assertThat(b.fill()).isGreaterThanOrEqualTo(2048 * MIB);
        assertThat(m.positions.size()).isGreaterThan(before + 32);
        assertThat(b.summary()).contains("over 3 fills").doesNotContain("disabled");
    }

    @Test
    void aFirstFillThatStartsAtTheFloorDoesNotDisableIt() {
        FakeMachine m = new FakeMachine(650 * MIB, CHUNK);
        m.floor = 600 * MIB;
        PageCacheBallast b = m.ballast(1L << 40);
        assertThat(b.fill()).isEqualTo(4 * CHUNK);
        m.free = 3000 * MIB;
        b.fill();
        assertThat(m.free).isEqualTo(600 * MIB);
        assertThat(b.summary()).doesNotContain("disabled");
    }

    @Test
    void theCursorWrapsAtTheEndOfTheFile() {
        FakeMachine m = new FakeMachine(TARGET + 5 * CHUNK, CHUNK);
        m.ballast(3 * CHUNK).fill();
        assertThat(m.positions).containsExactly(0L, CHUNK, 2 * CHUNK, 0L, CHUNK);
    }

    @Test
    void givesUpForTheRunWhenReadingDoesNotLowerFreeMemory() {
        // tmpfs: holes read as the zero page, nothing is cached
        FakeMachine m = new FakeMachine(8192 * MIB, 0);
        PageCacheBallast b = m.ballast(1L << 40);
        assertThat(b.fill()).isEqualTo(4 * CHUNK);
        assertThat(b.fill()).isZero();
        assertThat(m.positions).hasSize(4);
        assertThat(b.summary()).contains("disabled");
    }

    @Test
    void theRealBallastIsASparseFileDeletedOnClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("page-cache-ballast");
        try (PageCacheBallast b = PageCacheBallast.open(dir)) {
            if (Files.isReadable(Path.of("/proc/meminfo"))) {
                assertThat(Files.size(file)).isEqualTo(PageCacheBallast.FILE_TIB << 40);
                assertThat(b.summary()).contains("0.0 GiB read");
            }
        }
        assertThat(file).doesNotExist();
    }
}
