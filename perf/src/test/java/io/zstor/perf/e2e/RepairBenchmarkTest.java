package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole repair benchmark on a small set (an in-memory 4+2 cluster with a spare, 12 server JVMs, plus
 * the store, repair and verify JVMs): the sweep must repair the object, and verification (retrieving with
 * three data 0-dbs down) must pass.
 */
class RepairBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void oneDataBackendLostIsRepairedAndVerified() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        AtomicInteger phases = new AtomicInteger();
        RepairResult r = RepairBenchmark.run(6.0 / 1024, true, dir, dir.resolve("processes.log"), java,
                new ZstorJvm(System.getProperty("java.home"), Path.of("../bin/zstor"), null), cp,
                phases::incrementAndGet);
        assertThat(phases).as("the timed repair is the one measured phase").hasValue(1);
        assertThat(r.objects()).isEqualTo(1);
        assertThat(r.storedBytes()).isEqualTo(6L << 20);
        assertThat(r.damaged()).isEqualTo(1);
        assertThat(r.damagedBytes()).isEqualTo(6L << 20);
        assertThat(r.repaired()).isEqualTo(1);
        assertThat(r.pieces()).as("one piece per 4 MiB block").isEqualTo(2);
        assertThat(r.repairSeconds()).isPositive();
        assertThat(r.repairedMbps()).isPositive();
        assertThat(r.detectSeconds()).isGreaterThanOrEqualTo(1.0);
        assertThat(r.process().peakRssBytes()).isPositive();
        assertThat(dir.resolve("repair-cluster")).doesNotExist();
        assertThat(dir.resolve("repair-objects")).doesNotExist();
    }
}
