package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Repair time: how long the engine takes to restore full redundancy after one data backend is lost. On a
 * fresh 4+2 cluster with one spare data server (7 data 0-dbs, so repair has somewhere to put lost pieces):
 * stores objects of up to 64 MiB of random bytes ({@link RepairRun} {@code store}), SIGKILLs the data 0-db
 * that holds pieces of the most objects, runs one repair sweep of the engine's repair service in its own
 * process ({@link RepairRun} {@code repair}, wired like {@code zstor monitor}) and times it; then proves full
 * redundancy by killing m more data 0-dbs and retrieving every object byte-identical from the k left
 * ({@link RepairRun} {@code verify}), which fails for any object the sweep missed.
 */
final class RepairBenchmark {

    static final int K = 4;
    static final int M = 2;
    private static final long MAX_OBJECT = 64L << 20;
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private RepairBenchmark() {
    }

    /**
     * Runs the repair benchmark for about {@code gib} GiB of objects.
     *
     * @param work scratch directory (the cluster and the objects go under it and are deleted afterwards)
     * @param log where the child processes' standard error goes
     * @param beforePhase run before the timed repair (the benchmark's {@code sync} and page-cache ballast)
     */
    static RepairResult run(double gib, boolean inMemory, Path work, Path log, String java,
            ZstorJvm zstorJvm, String classpath, Runnable beforePhase) throws IOException {
        long total = Math.max(1L << 20, Math.round(gib * (1L << 30)));
        long objectSize = Math.min(MAX_OBJECT, total);
        int count = (int) ((total + objectSize - 1) / objectSize);
        Path objects = Files.createDirectories(work.resolve("repair-objects"));
        Path dir = work.resolve("repair-cluster");
        double load = EndToEndBenchmark.loadAverage();
        System.out.printf(Locale.ROOT, "== repair: %d objects x %d MiB on %d+%d + 1 spare (load %.1f)%n", count,
                objectSize >> 20, K, M, load);
        try {
            for (int i = 0; i < count; i++) {
                DataKind.RANDOM.write(objects.resolve(String.format(Locale.ROOT, "object-%04d", i)), objectSize, 1000 + i);
            }
            try (ZdbCluster cluster = ZdbCluster.start(dir, K, M, 1, inMemory, java, classpath)) {
                List<String> runner = zstorJvm.main(classpath, RepairRun.class);
                ProcessStats store = MeteredProcess.run(concat(runner, "store", cluster.config().toString(),
                        objects.toString()), log, TIMEOUT).requireSuccess("repair store");
                String victim = mostUsed(store.stdout());
                cluster.kill(victim);
                Path tuned = cluster.tunedConfig("repair", "health_check_interval_secs = 1",
                        "unreachable_grace_secs = 1", "repair_interval_secs = 604800");
                beforePhase.run();
                long z0 = cluster.serversCpuNanos();
                ProcessStats repair = MeteredProcess.run(concat(runner, "repair", tuned.toString(), victim), log,
                        TIMEOUT).requireSuccess("repair sweep");
                long z1 = cluster.serversCpuNanos();
                Map<String, Long> f = fields(repair.stdout(), "repair");
                List<String> others = new ArrayList<>(cluster.dataAddresses());
                others.remove(victim);
                for (String address : others.subList(0, M)) {
                    cluster.kill(address);
                }
                MeteredProcess.run(concat(runner, "verify", cluster.config().toString(), objects.toString()), log,
                        TIMEOUT).requireSuccess("repair verify (every object retrieved with " + (M + 1)
                        + " data 0-dbs down)");
                RepairResult r = new RepairResult(K, M, count, count * objectSize, f.get("damaged"),
                        f.get("damagedBytes"), f.get("repaired"), f.get("pieces"), f.get("detectNanos") / 1e9,
                        f.get("nanos") / 1e9, f.get("cpuNanos") / 1e9, (z1 - z0) / 1e9, repair, load);
                System.out.printf(Locale.ROOT, "repair: %d of %d objects (%.2f GiB) repaired in %.2f s (%.0f MB/s),"
                                + " %d pieces, CPU %.1f s, zdb CPU %.1f s, detection %.1f s; verified with %d data 0-dbs down%n",
                        r.repaired(), r.objects(), r.damagedGib(), r.repairSeconds(), r.repairedMbps(), r.pieces(),
                        r.repairCpuSeconds(), r.zdbCpuSeconds(), r.detectSeconds(), M + 1);
                return r;
            }
        } finally {
            EndToEndBenchmark.delete(dir);
            EndToEndBenchmark.delete(objects);
        }
    }

    /** The data backend holding pieces of the most objects, from {@code holder ADDRESS COUNT} lines. */
    private static String mostUsed(String stdout) {
        String best = null;
        long most = 0;
        for (String line : stdout.split("\n")) {
            String[] p = line.trim().split(" ");
            if (p.length == 3 && p[0].equals("holder") && Long.parseLong(p[2]) > most) {
                best = p[1];
                most = Long.parseLong(p[2]);
            }
        }
        if (best == null) {
            throw new IllegalStateException("no data backend holds pieces after the store: " + stdout);
        }
        return best;
    }

    /** The {@code name=value} fields of the output line starting with {@code tag}. */
    private static Map<String, Long> fields(String stdout, String tag) {
        for (String line : stdout.split("\n")) {
            if (line.startsWith(tag + " ")) {
                Map<String, Long> f = new HashMap<>();
                for (String part : line.substring(tag.length()).trim().split("\\s+")) {
                    int eq = part.indexOf('=');
                    f.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                }
                return f;
            }
        }
        throw new IllegalStateException("no '" + tag + "' line in: " + stdout);
    }


    private static List<String> concat(List<String> base, String... more) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }
}
