package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark. For every file size, data kind and k+m shape it starts a fresh local cluster of
 * embedded 0-db servers in their own processes ({@link ZdbCluster}), then measures side by side on that
 * cluster: the I/O ceiling ({@link IoCeiling}, the same pieces written and read by the bare zdb client in its
 * own process) and zstor ({@code store} and {@code retrieve} by the CLI jar in its own process), each process
 * metered from outside (wall, CPU, peak RSS; {@link MeteredProcess}). The retrieved file is compared byte for
 * byte with the original. Then the small-object rate ({@link SmallObjects}), the repair time
 * ({@link RepairBenchmark}) and the block-size / concurrency sweep ({@link SweepBenchmark}). Results go to
 * {@code OUT/results.md}, {@code OUT/results.csv}, {@code OUT/repair.csv}, {@code OUT/sweep.csv} and the charts
 * ({@code throughput.png}, {@code sweep-block-size.png}, {@code sweep-blocks-in-flight.png}).
 *
 * <p>Run from the repository root: {@code java -cp perf/target/benchmarks.jar io.zstor.perf.e2e.EndToEndBenchmark
 * [options]} (see {@code perf/run-e2e.sh} and {@code perf/README.md}).
 */
public final class EndToEndBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private EndToEndBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        E2eOptions o;
        try {
            o = E2eOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("e2e: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(o.cliJar())) {
            System.err.println("e2e: CLI jar " + o.cliJar() + " not found (build it: mvn -B -ntp -pl cli -am package -DskipTests)");
            System.exit(2);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ZstorJvm zstorJvm;
        try {
            zstorJvm = ZstorJvm.fromEnvironment(o.launcher());
        } catch (IllegalArgumentException e) {
            System.err.println("e2e: " + e.getMessage());
            System.exit(2);
            return;
        }
        String classpath = System.getProperty("java.class.path");
        Path work = o.work() != null ? Files.createDirectories(o.work()) : Files.createTempDirectory("zstor-e2e-");
        Path log = work.resolve("processes.log");
        String header = header(args, java, zstorJvm, o.ballast());
        System.out.print(header);
        Results results = new Results();
        List<CaseResult> cases = results.cases;
        List<SmallObjects.Result> small = results.small;
        PageCacheBallast ballast;
        try {
            ballast = o.ballast() ? PageCacheBallast.open(work) : null;
        } catch (IOException e) {
            System.err.println("e2e: cannot create the page-cache ballast in " + work + ": " + e.getMessage()
                    + " (--no-ballast runs without it)");
            System.exit(2);
            return;
        }
        // before every measured phase: none pays for an earlier one's write-back, and all meet the same memory
        Runnable beforePhase = () -> {
            WriteBack.flush();
            if (ballast != null) {
                ballast.fill();
            }
        };
        try {
            for (long mib : o.sizesMib()) {
                for (DataKind kind : o.kinds()) {
                    Path input = work.resolve("input-" + mib + "m-" + kind.label());
                    kind.write(input, mib << 20);
                    for (int[] km : o.shapes()) {
                        runCase(o, work, log, java, zstorJvm, classpath, input, mib << 20, km[0], km[1], kind, results,
                                beforePhase);
                        Report.write(o.out(), header, results);
                    }
                    Files.deleteIfExists(input);
                }
            }
            if (o.smallObjects() > 0) {
                int[] km = o.shapes().get(0);
                Path dir = work.resolve("small-cluster");
                try (ZdbCluster cluster = ZdbCluster.start(dir, km[0], km[1], o.inMemory(), java, classpath)) {
                    try {
                        for (SmallObjects.Via via : SmallObjects.Via.values()) {
                            for (int parallel : new int[] {2, 32}) {
                                SmallObjects.Result r = SmallObjects.run(via, cluster.config(),
                                        work.resolve("small-" + via.name().toLowerCase(Locale.ROOT) + "-" + parallel),
                                        o.smallObjects(), 4096, parallel, zstorJvm, classpath);
                                System.out.printf(Locale.ROOT, "small objects via %s: %d x %d B, %d in flight (%d+%d):"
                                        + " store %.0f/s, retrieve %.0f/s%n", r.path(), r.objects(), r.objectSize(), parallel,
                                        km[0], km[1], r.storePerSecond(), r.retrievePerSecond());
                                small.add(r);
                                Report.write(o.out(), header, results);
                            }
                        }
                    } catch (RuntimeException | IOException e) {
                        cluster.dumpThreads(dir);
                        throw e;
                    }
                }
                delete(dir);
                for (SmallObjects.Via via : SmallObjects.Via.values()) {
                    delete(work.resolve("small-" + via.name().toLowerCase(Locale.ROOT) + "-2"));
                    delete(work.resolve("small-" + via.name().toLowerCase(Locale.ROOT) + "-32"));
                }
            }
            if (o.repairGib() > 0) {
                results.repairs.add(RepairBenchmark.run(o.repairGib(), o.inMemory(), work, log, java, zstorJvm,
                        classpath, beforePhase));
                Report.write(o.out(), header, results);
            }
            if (o.sweepMib() > 0) {
                int[] km = o.shapes().get(0);
                results.sweep.addAll(SweepBenchmark.run(o.sweepMib(), km[0], km[1], o.inMemory(), o.cliJar(), work, log,
                        java, zstorJvm, classpath, beforePhase));
            }
        } finally {
            Report.write(o.out(), header, results);
            if (ballast != null) {
                System.out.println(ballast.summary());
                ballast.close();
            }
        }
        System.out.println(Report.markdown("", results));
        System.out.println("results in " + o.out().toAbsolutePath());
        if (o.work() == null) {
            delete(work);
        }
        System.exit(0); // reactor/lettuce threads of the small-object run
    }

    private static void runCase(E2eOptions o, Path work, Path log, String java, ZstorJvm zstorJvm,
            String classpath, Path input, long size, int k, int m, DataKind kind, Results results, Runnable beforePhase)
            throws IOException {
        String name = (size >> 20) + "m-" + k + "+" + m + "-" + kind.label();
        Path dir = work.resolve("cluster-" + name);
        double load = loadAverage();
        System.out.printf(Locale.ROOT, "== %s (load %.1f)%n", name, load);
        try (ZdbCluster cluster = ZdbCluster.start(dir, k, m, o.inMemory(), java, classpath)) {
            try {
                String conf = cluster.config().toString();
                List<String> zstor = zstorJvm.cli(o.cliJar(), "-c", conf);
                // once unmetered: warms the page cache, and bin/zstor writes its class-data archive if it has none yet
                MeteredProcess.run(concat(zstor, "test"), log, TIMEOUT).requireSuccess("zstor test");
                ProcessStats startup = MeteredProcess.run(concat(zstor, "test"), log, TIMEOUT).requireSuccess("zstor test");
                List<String> ceiling = List.of(java, "-Xmx256m", "-cp", classpath, IoCeiling.class.getName());
                Path keys = dir.resolve("ceiling.keys");

                beforePhase.run();
                long s0 = cluster.serversCpuNanos();
                ProcessStats cw = MeteredProcess.run(concat(ceiling, "write", conf, Long.toString(size), keys.toString()),
                        log, TIMEOUT).requireSuccess("ceiling write");
                beforePhase.run();
                long s1 = cluster.serversCpuNanos();
                ProcessStats cr = MeteredProcess.run(concat(ceiling, "read", conf, keys.toString()), log, TIMEOUT)
                        .requireSuccess("ceiling read");
                long s2 = cluster.serversCpuNanos();
                long before = DataUsage.dataBytes(cluster.config());
                beforePhase.run();
                long s3 = cluster.serversCpuNanos();
                ProcessStats zs = MeteredProcess.run(concat(zstor, "store", "-f", input.toString()), log, TIMEOUT)
                        .requireSuccess("zstor store");
                long s4 = cluster.serversCpuNanos();
                long stored = DataUsage.dataBytes(cluster.config()) - before;
                Path out = work.resolve("retrieved-" + name);
                beforePhase.run();
                long s5 = cluster.serversCpuNanos();
                ProcessStats zr = MeteredProcess.run(concat(zstor, "retrieve", "-f", input.toString(), "-o", out.toString()),
                        log, TIMEOUT).requireSuccess("zstor retrieve");
                long s6 = cluster.serversCpuNanos();
                long mismatch = Files.mismatch(input, out);
                Files.deleteIfExists(out);
                if (mismatch != -1) {
                    throw new IllegalStateException("retrieved file differs from the original at byte " + mismatch);
                }
                CaseResult store = new CaseResult(size, k, m, kind, "store", cw, transferNanos(cw), s1 - s0, zs, s4 - s3,
                        startup.wallSeconds(), startup.cpuSeconds(), stored, load);
                CaseResult retrieve = new CaseResult(size, k, m, kind, "retrieve", cr, transferNanos(cr), s2 - s1, zr,
                        s6 - s5, startup.wallSeconds(), startup.cpuSeconds(), 0, load);
                for (CaseResult c : List.of(store, retrieve)) {
                    System.out.printf(Locale.ROOT, "%-34s ceiling %6.0f MB/s  zstor %6.0f MB/s  ratio %.2f  zstor CPU %.1f s/GiB  RSS %d MiB%n",
                            c.label(), c.ceilingMbps(), c.zstorMbps(), c.ratio(), c.zstorCpuPerGib(), c.zstor().peakRssBytes() >> 20);
                }
                results.cases.addAll(List.of(store, retrieve));
                if (o.daemon()) {
                    for (WarmDaemon.Result d : WarmDaemon.run(cluster, input, size, k, m, kind,
                            new double[] {store.ceilingTransferMbps(), retrieve.ceilingTransferMbps()}, work.resolve("daemon-" + name), zstorJvm,
                            classpath, beforePhase)) {
                        System.out.printf(Locale.ROOT, "%-34s warm daemon %6.0f MB/s  ratio %.2f  daemon CPU %.1f s/GiB  RSS %d MiB%n",
                                store.sizeLabel() + " " + store.shape() + " " + kind.label() + " " + d.op(), d.mbps(), d.ratio(),
                                d.cpuPerGib(), d.peakRssBytes() >> 20);
                        results.daemon.add(d);
                    }
                    delete(work.resolve("daemon-" + name));
                }
            } catch (RuntimeException | IOException e) {
                cluster.dumpThreads(dir); // a failed case keeps its servers' logs and dumps for run-e2e.sh
                throw e;
            }
        }
        delete(dir);
    }


    private static long transferNanos(ProcessStats s) {
        for (String part : s.stdout().trim().split("\\s+")) {
            if (part.startsWith("nanos=")) {
                return Long.parseLong(part.substring(6));
            }
        }
        throw new IllegalStateException("no timing in ceiling output: " + s.stdout());
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String header(String[] args, String java, ZstorJvm zstorJvm, boolean ballast) {
        return "# zstor end-to-end benchmark\n\n"
                + "- started: " + Instant.now() + "\n"
                + "- command: `" + System.getProperty("zstor.e2e.command", "java -cp perf/target/benchmarks.jar "
                        + EndToEndBenchmark.class.getName() + " " + String.join(" ", args)) + "`\n"
                + "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + java + "), CPUs seen: " + Runtime.getRuntime().availableProcessors()
                + ", load average at start: " + loadAverage() + "\n"
                + "- zstor: bin/zstor, JVM options `" + zstorJvm.describe() + "`, class-data archive "
                + (System.getenv().getOrDefault("ZSTOR_CDS", "on").equals("off") ? "off" : "on") + "\n"
                + "- dirty page cache flushed (`sync`) before every measured phase of a large-file case\n"
                + (ballast ? "- then free memory filled with clean page cache (a sparse ballast file read), so every phase"
                        + " meets reclaimable cache, not memory the VM handed back to its host\n"
                        : "- free memory left as the phase before left it (`--no-ballast`)\n");
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
