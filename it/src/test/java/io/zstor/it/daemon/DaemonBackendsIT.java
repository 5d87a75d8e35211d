package io.zstor.it.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.it.cli.ZstorProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against 0-db servers that are each their own process, so single backends can fail: metadata
 * down, SIGUSR1 reloads, repair after a data backend dies, scrub after a piece is corrupted on disk.
 * The tests share one cluster and run in order; each leaves every backend running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonBackendsIT {

    private static final int K = 2;
    private static final int N = 3;

    @TempDir
    static Path tmp;
    static ZdbCluster cluster;
    static DaemonFixture daemon;
    static int dataBackends = 4;

    @BeforeAll
    static void start() throws IOException {
        cluster = ZdbCluster.start(tmp.resolve("zdb"), dataBackends);
        Path base = cluster.write(tmp.resolve("cluster.toml"), K, N, dataBackends);
        daemon = DaemonFixture.start(tmp.resolve("daemon"), base, "health_check_interval_secs = 1",
                "unreachable_grace_secs = 2", "repair_interval_secs = 2", "scrub_interval_secs = 1",
                "zdb_connect_timeout_secs = 2", "zdb_timeout_secs = 5");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Runs zstor in-process (no daemon) with the cluster's current config. */
    private static ZstorProcess.Result direct(String... args) throws IOException {
        return ZstorProcess.withConfig(tmp, cluster.write(tmp.resolve("direct.toml"), K, N, dataBackends), args);
    }

    @Test
    @Order(1)
    void metadataBackendDownRefusesStoresThenAcceptsThemWhenBack() throws Exception {
        Path f = daemon.file("meta/one.bin", 20_000, 61);
        cluster.meta(2).kill();
        try {
            ZstorProcess.Result refused = daemon.zstor("store", "-f", f.toString());
            assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
            assertThat(refused.stderr()).containsIgnoringCase("metadata").doesNotContain("\tat ");
            assertThat(refused.stderr().strip().lines().count()).as(refused.stderr()).isEqualTo(1);
        } finally {
            cluster.meta(2).restart();
        }
        ZstorProcess.Result accepted = awaitResult(() -> daemon.zstor("store", "-f", f.toString()), 30);
        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(direct("check", "-f", f.toString()).exitCode()).isZero();
        assertThat(daemon.process().isAlive()).isTrue();
    }

    @Test
    @Order(2)
    void sigusr1KeepsServingOnABrokenConfigAndStartsUsingANewBackend() throws Exception {
        daemon.rewriteConfig("minimal_shards = = 2\n");
        daemon.process().signal("USR1");
        await(() -> log().contains("rejected"), 20, "reload rejected");
        Path f = daemon.file("reload/while-broken.bin", 40_000, 71);
        ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        assertThat(daemon.process().isAlive()).isTrue();

        ZdbServer added = cluster.addDataServer();
        dataBackends++;
        daemon.rewriteConfig(cluster.toml(K, N, dataBackends));
        daemon.process().signal("USR1");
        await(() -> log().contains("config reloaded"), 20, "reload done");
        long before = size(added.dataDir());
        // placement spreads n = 3 pieces over 5 backends at random among equals: a few stores reach the new one
        for (int i = 0; i < 12 && size(added.dataDir()) <= before + 10_000; i++) {
            Path g = daemon.file("reload/after-" + i + ".bin", 60_000, 80 + i);
            ZstorProcess.Result r = daemon.zstor("store", "-f", g.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        assertThat(size(added.dataDir())).as("bytes written to the new backend").isGreaterThan(before + 10_000);
    }

    @Test
    @Order(3)
    void deadDataBackendIsRepairedSoADifferentBackendMayFailToo() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(daemon.file("repair/f" + i, 80_000 + i, 90 + i));
        }
        // one client storing the whole directory through the daemon
        ZstorProcess.Result stored = daemon.zstor("store", "-e", "-f", files.get(0).getParent().toString());
        assertThat(stored.exitCode()).as(stored.toString()).isZero();
        double repairedBefore = metric("zstor_repair_objects_repaired_total", Map.of());
        cluster.data(0).kill();
        try {
            awaitRepairsSettled(repairedBefore, 90);
            double repaired = metric("zstor_repair_objects_repaired_total", Map.of()) - repairedBefore;
            assertThat(repaired).as("objects repaired after backend 0 died").isGreaterThanOrEqualTo(1);
            // redundancy is full again: any further single loss is survivable
            cluster.data(1).kill();
            try {
                for (Path f : files) {
                    Path out = tmp.resolve("repair-out.bin");
                    ZstorProcess.Result r = direct("retrieve", "-f", f.toString(), "-o", out.toString());
                    assertThat(r.exitCode()).as(f + " with backends 0 and 1 down: " + r).isZero();
                    assertThat(Files.mismatch(out, f)).isEqualTo(-1L);
                }
            } finally {
                cluster.data(1).restart();
            }
        } finally {
            cluster.data(0).restart();
        }
    }

    @Test
    @Order(4)
    void scrubRepairsAPieceCorruptedOnDisk() throws Exception {
        // let the daemon see the restarted backends healthy again
        Thread.sleep(3000);
        long[] before = new long[dataBackends];
        for (int i = 0; i < dataBackends; i++) {
            before[i] = size(cluster.data(i).dataDir());
        }
        Path big = daemon.file("scrub/big.bin", 3 * 1024 * 1024, 111);
        ZstorProcess.Result store = daemon.zstor("store", "-f", big.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        int victim = -1;
        for (int i = 0; i < dataBackends && victim < 0; i++) {
            if (size(cluster.data(i).dataDir()) - before[i] > 1024 * 1024) {
                victim = i;
            }
        }
        assertThat(victim).as("a backend holding a piece of the object").isNotNegative();
        // later small objects so the corrupted piece is not the newest record (those are checked at start-up)
        for (int i = 0; i < 6; i++) {
            daemon.file("scrub-tail/t" + i, 5_000, 120 + i);
        }
        ZstorProcess.Result tail = daemon.zstor("store", "-e", "-f", daemon.dir().resolve("files/scrub-tail").toString());
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        double repairedBefore = metric("zstor_repair_objects_repaired_total", Map.of());
        double rewrittenBefore = metric("zstor_repair_pieces_rewritten_total", Map.of());
        ZdbServer server = cluster.data(victim);
        server.stop();
        Path dataFile = largestFile(server.dataDir());
        // the big piece makes up most of what was appended since: its middle is half that growth from the end
        long at = Math.max(0, Files.size(dataFile) - (size(server.dataDir()) - before[victim]) / 2);
        try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, at);
            for (int i = 0; i < b.limit(); i++) {
                b.put(i, (byte) ~b.get(i));
            }
            ch.write(b.flip(), at);
        }
        server.restart();
        awaitRepairsSettled(repairedBefore, 90);
        assertThat(metric("zstor_repair_objects_repaired_total", Map.of()) - repairedBefore)
                .as("objects repaired after the corruption").isGreaterThanOrEqualTo(1);
        // the flipped piece is caught either by the server's CRC (it reads as missing) or by the piece checksum
        // (counted as corrupt): either way the scrub rewrites it
        assertThat(metric("zstor_repair_pieces_rewritten_total", Map.of()) - rewrittenBefore)
                .as("pieces rewritten by the scrub").isGreaterThanOrEqualTo(1);
        Path out = tmp.resolve("scrub-out.bin");
        ZstorProcess.Result r = direct("retrieve", "-f", big.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.mismatch(out, big)).isEqualTo(-1L);
    }

    /** Waits until repairs happened since {@code before} and two more repair sweeps then repaired nothing. */
    private static void awaitRepairsSettled(double before, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        double lastRepaired = before;
        double sweepsAtLastChange = Double.NaN;
        while (System.nanoTime() < deadline) {
            double repaired = metric("zstor_repair_objects_repaired_total", Map.of());
            // every sweep counts: with a short scrub interval each sweep is a scrub sweep
            double sweeps = metric("zstor_repair_sweeps_total", Map.of("kind", "repair"))
                    + metric("zstor_repair_sweeps_total", Map.of("kind", "scrub"));
            if (repaired != lastRepaired) {
                lastRepaired = repaired;
                sweepsAtLastChange = sweeps;
            } else if (repaired > before && sweeps >= sweepsAtLastChange + 2) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("repairs did not settle in " + seconds + " s (repaired " + lastRepaired + ", before "
                + before + ")\n" + log());
    }

    private static double metric(String name, Map<String, String> labels) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double v = PrometheusText.value(PrometheusText.parse(body), name, labels);
        return Double.isNaN(v) ? 0 : v;
    }

    private static ZstorProcess.Result awaitResult(java.util.function.Supplier<ZstorProcess.Result> run, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ZstorProcess.Result r = run.get();
        while (r.exitCode() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            r = run.get();
        }
        return r;
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + log());
            }
            Thread.sleep(200);
        }
    }

    private static String log() {
        try {
            return daemon.log();
        } catch (IOException e) {
            return "";
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static Path largestFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
    }
}
