package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repair and sweep sections of the report, their CSV files and the two sweep charts. */
class ReportTest {

    @TempDir
    Path dir;

    private static ProcessStats stats(double wallSeconds, double cpuSeconds) {
        return new ProcessStats(Duration.ofMillis((long) (wallSeconds * 1000)), Duration.ofMillis((long) (cpuSeconds * 1000)),
                300L << 20, 0, "");
    }

    @Test
    void repairAndSweepGoToMarkdownCsvAndCharts() throws Exception {
        Results results = new Results();
        results.repairs.add(new RepairResult(4, 2, 16, 1L << 30, 14, 14L * (64 << 20), 14, 224, 2.5, 10.0, 12.0, 4.0,
                stats(20, 15), 1.5));
        for (int bs : SweepBenchmark.BLOCK_SIZES) {
            results.sweep.add(new SweepPoint(SweepPoint.BLOCK_SIZE, bs, 256L << 20, 4, 2, stats(4, 6), stats(3, 4), 1.0, 0.5));
        }
        for (int bif : SweepBenchmark.BLOCKS_IN_FLIGHT) {
            results.sweep.add(new SweepPoint(SweepPoint.BLOCKS_IN_FLIGHT, bif, 256L << 20, 4, 2, stats(4, 6), stats(3, 4), 1.0,
                    0.5));
        }
        Report.write(dir, "# header\n", results);

        String md = Files.readString(dir.resolve("results.md"));
        // 14 x 64 MiB in 10 s = 93.9 MB/s
        assertThat(md).contains("## Repair", "| 4+2 | 16 | 1.000 | 14 | 0.875 | 14 | 224 | 2.5 | 10.00 | 94 | 12.0 | 4.0 |");
        // 256 MiB in 4 s = 67 MB/s, net of 1 s start-up = 89 MB/s
        assertThat(md).contains("## Tuning sweep", "| `block_size` | 256 KiB | 67 | 89 |", "| `blocks_in_flight` | 16 | 67 | 89 |",
                "(sweep-block-size.png)", "(sweep-blocks-in-flight.png)");
        assertThat(md).doesNotContain("## Large files");
        assertThat(Files.readAllLines(dir.resolve("repair.csv"))).hasSize(2)
                .element(1).asString().startsWith("4,2,16,1073741824,14,");
        assertThat(Files.readAllLines(dir.resolve("sweep.csv"))).hasSize(11)
                .element(1).asString().startsWith("block_size,262144,268435456,4,2,4.000,");
        assertThat(dir.resolve("results.csv")).doesNotExist();
        for (String png : new String[] {Report.BLOCK_SIZE_PNG, Report.CONCURRENCY_PNG}) {
            byte[] head = Files.readAllBytes(dir.resolve(png));
            assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    @Test
    void warmDaemonRowsGetATableOfTheirOwn() throws Exception {
        Results results = new Results();
        results.daemon.add(new WarmDaemon.Result(1L << 30, 4, 2, DataKind.RANDOM, "store", 5.0, 6.0, 3_000_000_000L,
                300L << 20, 300.0));
        Report.write(dir, "# header\n", results);

        String md = Files.readString(dir.resolve("results.md"));
        // 1 GiB in 5 s = 214.7 MB/s, 0.72 of 300; 6 CPU s and 3 zdb CPU s for 1 GiB
        assertThat(md).contains("## Large files through a warm daemon",
                "| 1 GiB | 4+2 | random | store | 300 | 215 | 0.72 | 6.0 | 3.0 | 300 |");
    }
}
