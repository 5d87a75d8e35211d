package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the end-to-end results: {@code results.md} (markdown tables with the run's machine, JDK and command),
 * {@code results.csv} (every raw figure) and the chart.
 */
final class Report {

    private Report() {
    }

    /** The markdown text. */
    static String markdown(String header, List<CaseResult> cases, List<SmallObjects.Result> small) {
        StringBuilder t = new StringBuilder(header);
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

    /** Writes results.md, results.csv and throughput.png into {@code dir}. */
    static void write(Path dir, String header, List<CaseResult> cases, List<SmallObjects.Result> small) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown(header, cases, small)
                + "\n![throughput per case](throughput.png)\n");
        Files.writeString(dir.resolve("results.csv"), csv(cases));
        if (!cases.isEmpty()) {
            ThroughputChart.write(dir.resolve("throughput.png"), cases);
        }
    }
}
