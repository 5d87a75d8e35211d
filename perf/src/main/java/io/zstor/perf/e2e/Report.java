package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the end-to-end results: {@code results.md} (markdown tables with the run's machine, JDK and command),
 * {@code results.csv} (every raw figure of the large-file cases), {@code repair.csv} and {@code sweep.csv} (the
 * raw figures of the repair run and the tuning sweep, each a table of its own) and the charts.
 */
final class Report {

    static final String BLOCK_SIZE_PNG = "sweep-block-size.png";
    static final String CONCURRENCY_PNG = "sweep-blocks-in-flight.png";

    private Report() {
    }

    /** The markdown text. */
    static String markdown(String header, Results results) {
        List<CaseResult> cases = results.cases;
        List<SmallObjects.Result> small = results.small;
        StringBuilder t = new StringBuilder(header);
        if (cases.isEmpty()) {
            appendDaemon(t, results.daemon);
            return appendSmall(t, small).append(repairs(results.repairs)).append(sweep(results.sweep)).toString();
        }
        t.append("\n## Large files: zstor CLI process vs I/O ceiling process\n\n");
        t.append("MB/s = 10^6 bytes of user data per second of the process's wall time (JVM start included in both);"
                + " \"net\" columns take the ceiling's own transfer time and zstor's wall time minus `zstor test`"
                + " (JVM start + config + connect; \"-\" when that is most of the wall time). CPU = user + system seconds of the client process per GiB of user"
                + " data; zdb CPU = all 0-db processes together. RSS = peak resident set (VmHWM). stored = bytes"
                + " zstor's store added to the data 0-dbs / file size (the ceiling always writes (k+m)/k x file"
                + " size).\n\n");
        t.append("| file | k+m | data | op | ceiling MB/s | zstor MB/s | ratio | ceiling net MB/s | zstor net MB/s"
                + " | net ratio | zstor CPU s/GiB | ceiling CPU s/GiB | zdb CPU s/GiB zstor / ceiling"
                + " | zstor peak RSS MiB | ceiling peak RSS MiB | stored / file | `zstor test` wall / CPU s | load |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (CaseResult c : cases) {
            t.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %s | %.0f | %.0f | %.2f | %.0f | %s | %s | %.1f | %.1f | %.1f / %.1f | %d | %d | %s | %.1f / %.1f | %.1f |%n",
                    c.sizeLabel(), c.shape(), c.kind().label(), c.op(), c.ceilingMbps(), c.zstorMbps(), c.ratio(),
                    c.ceilingTransferMbps(), fmt("%.0f", c.zstorNetMbps()), fmt("%.2f", c.netRatio()), c.zstorCpuPerGib(), c.ceilingCpuPerGib(),
                    c.zstorServerCpuPerGib(), c.ceilingServerCpuPerGib(), c.zstor().peakRssBytes() >> 20,
                    c.ceiling().peakRssBytes() >> 20,
                    c.storedBytes() > 0 ? String.format(Locale.ROOT, "%.2f", (double) c.storedBytes() / c.fileBytes()) : "-",
                    c.startupSeconds(), c.startupCpuSeconds(), c.loadAverage()));
        }
        t.append("\n![throughput per case](throughput.png)\n");
        appendDaemon(t, results.daemon);
        return appendSmall(t, small).append(repairs(results.repairs)).append(sweep(results.sweep)).toString();
    }

    private static void appendDaemon(StringBuilder t, List<WarmDaemon.Result> daemon) {
        if (daemon.isEmpty()) {
            return;
        }
        t.append("\n## Large files through a warm daemon (same cluster, after the CLI runs)\n\n");
        t.append("A daemon process (engine + unix socket, JVM options as `bin/zstor`) first stores and retrieves a "
                + WarmDaemon.WARM_UP_MIB + " MiB file of the same kind, then stores the case's file under a key of its"
                + " own and retrieves it into a file (compared byte for byte). MB/s = request to final reply; ratio"
                + " against the ceiling's own transfer rate (its \"net\" column above, no JVM start either); CPU = the daemon's per GiB; peak RSS = the daemon's since"
                + " it started.\n\n");
        t.append("| file | k+m | data | op | ceiling net MB/s | warm daemon MB/s | ratio | daemon CPU s/GiB"
                + " | zdb CPU s/GiB | daemon peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (WarmDaemon.Result d : daemon) {
            t.append(String.format(Locale.ROOT, "| %s | %d+%d | %s | %s | %.0f | %.0f | %.2f | %.1f | %.1f | %d |%n",
                    CaseResult.sizeLabel(d.fileBytes()),
                    d.k(), d.m(), d.kind().label(), d.op(), d.ceilingMbps(), d.mbps(), d.ratio(), d.cpuPerGib(),
                    d.serverCpuPerGib(), d.peakRssBytes() >> 20));
        }
    }

    private static StringBuilder appendSmall(StringBuilder t, List<SmallObjects.Result> small) {
        if (!small.isEmpty()) {
            t.append("\n## Small objects (each stored, then retrieved; a fresh cluster of the first shape; CPU = the"
                    + " process doing the work: the daemon's, or the benchmark's own for the facade)\n\n");
            t.append("| via | objects | size | objects in flight | store objects/s | store CPU ms/object"
                    + " | retrieve objects/s | retrieve CPU ms/object | peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|\n");
            for (SmallObjects.Result r : small) {
                t.append(String.format(Locale.ROOT, "| %s | %d | %d B | %d | %.0f | %.2f | %.0f | %.2f | %d |%n", r.path(),
                        r.objects(), r.objectSize(), r.parallel(), r.storePerSecond(),
                        r.storeCpuSeconds() * 1000 / r.objects(), r.retrievePerSecond(),
                        r.retrieveCpuSeconds() * 1000 / r.objects(), r.peakRssBytes() >> 20));
            }
        }
        return t;
    }

    private static String repairs(List<RepairResult> repairs) {
        if (repairs.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("\n## Repair: full redundancy restored after one data 0-db is lost\n\n");
        t.append("Objects of random bytes (up to 64 MiB each) on k+m data 0-dbs plus one spare; the 0-db holding pieces"
                + " of the most objects is SIGKILLed; the engine's repair service (wired like `zstor monitor`, in its own"
                + " process, `health_check_interval_secs = 1`, `unreachable_grace_secs = 1`, default"
                + " `repair_concurrency`) declares it unreachable (detection), then one repair sweep rewrites the lost"
                + " pieces on the spare (repair). Verified: no metadata names the dead 0-db, and with m more data 0-dbs"
                + " killed every object is retrieved byte-identical from the k left. MB/s = user bytes of the damaged"
                + " objects / repair seconds. CPU = the repair process during the sweep; zdb CPU = all 0-db processes"
                + " during the repair process.\n\n");
        t.append("| k+m | objects | GiB stored | damaged objects | GiB damaged | repaired | pieces rewritten | detection s"
                + " | repair s | repaired MB/s | repair CPU s | zdb CPU s | process wall s | process peak RSS MiB | load |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RepairResult r : repairs) {
            t.append(String.format(Locale.ROOT,
                    "| %s | %d | %.3f | %d | %.3f | %d | %d | %.1f | %.2f | %.0f | %.1f | %.1f | %.1f | %d | %.1f |%n",
                    r.shape(), r.objects(), r.storedGib(), r.damaged(), r.damagedGib(), r.repaired(), r.pieces(),
                    r.detectSeconds(), r.repairSeconds(), r.repairedMbps(), r.repairCpuSeconds(), r.zdbCpuSeconds(),
                    r.process().wallSeconds(), r.process().peakRssBytes() >> 20, r.loadAverage()));
        }
        return t.toString();
    }

    private static String sweep(List<SweepPoint> points) {
        if (points.isEmpty()) {
            return "";
        }
        SweepPoint first = points.get(0);
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%n## Tuning sweep: throughput against block size"
                + " and against concurrency (%d MiB random file, %d+%d, one cluster)%n%n", first.fileBytes() >> 20,
                first.k(), first.m()));
        t.append("The zstor CLI stores and retrieves the file (compared, then deleted) once per value, every other"
                + " setting at its default (`block_size` 4 MiB, `blocks_in_flight` 4). MB/s as in the large-file table;"
                + " \"net\" takes off the wall time of `zstor test` (\"-\" when that is most of the wall time).\n\n");
        t.append("| setting | value | store MB/s | store net MB/s | store CPU s | store peak RSS MiB | retrieve MB/s"
                + " | retrieve net MB/s | retrieve CPU s | retrieve peak RSS MiB | load |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SweepPoint p : points) {
            t.append(String.format(Locale.ROOT, "| `%s` | %s | %.0f | %s | %.1f | %d | %.0f | %s | %.1f | %d | %.1f |%n",
                    p.knob(), p.valueLabel(), p.storeMbps(), fmt("%.0f", p.storeNetMbps()), p.store().cpuSeconds(),
                    p.store().peakRssBytes() >> 20, p.retrieveMbps(), fmt("%.0f", p.retrieveNetMbps()),
                    p.retrieve().cpuSeconds(), p.retrieve().peakRssBytes() >> 20, p.loadAverage()));
        }
        t.append("\n![throughput against block size](").append(BLOCK_SIZE_PNG).append(")\n");
        t.append("\n![throughput against blocks in flight](").append(CONCURRENCY_PNG).append(")\n");
        return t.toString();
    }

    /** The repair runs as CSV. */
    static String repairCsv(List<RepairResult> repairs) {
        StringBuilder t = new StringBuilder("k,m,objects,stored_bytes,damaged_objects,damaged_bytes,repaired_objects,"
                + "pieces_rewritten,detect_s,repair_s,repaired_mbps,repair_cpu_s,zdb_cpu_s,process_wall_s,"
                + "process_peak_rss,load\n");
        for (RepairResult r : repairs) {
            t.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.1f,%.3f,%.3f,%.3f,%d,%.2f%n",
                    r.k(), r.m(), r.objects(), r.storedBytes(), r.damaged(), r.damagedBytes(), r.repaired(), r.pieces(),
                    r.detectSeconds(), r.repairSeconds(), r.repairedMbps(), r.repairCpuSeconds(), r.zdbCpuSeconds(),
                    r.process().wallSeconds(), r.process().peakRssBytes(), r.loadAverage()));
        }
        return t.toString();
    }

    /** The sweep points as CSV. */
    static String sweepCsv(List<SweepPoint> points) {
        StringBuilder t = new StringBuilder("setting,value,file_bytes,k,m,store_wall_s,store_cpu_s,store_peak_rss,"
                + "retrieve_wall_s,retrieve_cpu_s,retrieve_peak_rss,startup_s,load\n");
        for (SweepPoint p : points) {
            t.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.3f,%.3f,%d,%.3f,%.3f,%d,%.3f,%.2f%n", p.knob(),
                    p.value(), p.fileBytes(), p.k(), p.m(), p.store().wallSeconds(), p.store().cpuSeconds(),
                    p.store().peakRssBytes(), p.retrieve().wallSeconds(), p.retrieve().cpuSeconds(),
                    p.retrieve().peakRssBytes(), p.startupSeconds(), p.loadAverage()));
        }
        return t.toString();
    }

    private static String fmt(String format, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    /** One CSV row per case and direction with every raw figure. */
    static String csv(List<CaseResult> cases) {
        StringBuilder t = new StringBuilder("file_bytes,k,m,data,op,ceiling_wall_s,ceiling_transfer_s,ceiling_cpu_s,"
                + "ceiling_peak_rss,ceiling_zdb_cpu_s,zstor_wall_s,zstor_cpu_s,zstor_peak_rss,zstor_zdb_cpu_s,"
                + "startup_s,startup_cpu_s,stored_bytes,load\n");
        for (CaseResult c : cases) {
            t.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%.3f,%.3f,%.3f,%d,%.3f,%.3f,%.3f,%d,%.3f,%.3f,%.3f,%d,%.2f%n",
                    c.fileBytes(), c.k(), c.m(), c.kind().label(), c.op(), c.ceiling().wallSeconds(),
                    c.ceilingTransferNanos() / 1e9, c.ceiling().cpuSeconds(), c.ceiling().peakRssBytes(),
                    c.ceilingServerCpuNanos() / 1e9, c.zstor().wallSeconds(), c.zstor().cpuSeconds(),
                    c.zstor().peakRssBytes(), c.zstorServerCpuNanos() / 1e9, c.startupSeconds(), c.startupCpuSeconds(),
                    c.storedBytes(),
                    c.loadAverage()));
        }
        return t.toString();
    }

    /** Writes results.md, the CSV files and the charts into {@code dir}. */
    static void write(Path dir, String header, Results results) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown(header, results));
        if (!results.cases.isEmpty()) {
            Files.writeString(dir.resolve("results.csv"), csv(results.cases));
            ThroughputChart.write(dir.resolve("throughput.png"), results.cases);
        }
        if (!results.repairs.isEmpty()) {
            Files.writeString(dir.resolve("repair.csv"), repairCsv(results.repairs));
        }
        if (!results.sweep.isEmpty()) {
            Files.writeString(dir.resolve("sweep.csv"), sweepCsv(results.sweep));
            SweepChart.write(dir.resolve(BLOCK_SIZE_PNG), SweepPoint.BLOCK_SIZE, results.sweep);
            SweepChart.write(dir.resolve(CONCURRENCY_PNG), SweepPoint.BLOCKS_IN_FLIGHT, results.sweep);
        }
    }
}
