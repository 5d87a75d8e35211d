package io.zstor.it.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.it.cli.LocalClusterProcess;
import io.zstor.it.cli.ZstorProcess;
import io.zstor.transport.daemon.DaemonClient;
import io.zstor.transport.daemon.DaemonRequest;
import io.zstor.transport.daemon.StalledReader;
import java.io.IOException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a separate process in front of a local cluster (another process): concurrent CLI clients,
 * single-instance guard, SIGTERM during a store, {@code /metrics}, garbage on the socket, SIGUSR1 reloads.
 */
class DaemonIT {

    @TempDir
    static Path tmp;
    static LocalClusterProcess cluster;
    static DaemonFixture daemon;

    @BeforeAll
    static void start() throws IOException {
        cluster = LocalClusterProcess.start(tmp.resolve("cluster"));
        daemon = DaemonFixture.start(tmp.resolve("daemon"), cluster.config(), "health_check_interval_secs = 1");
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

    /** Runs zstor in-process against the cluster, not through any daemon. */
    private static ZstorProcess.Result direct(String... args) {
        return ZstorProcess.withConfig(tmp, cluster.config(), args);
    }

    @Test
    void sixteenConcurrentClientsAreAllRetrievableByteIdentical() throws Exception {
        int clients = 16;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            files.add(daemon.file("concurrent/f" + i, 200_000 + i * 7919, 100 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<ZstorProcess.Result>> stores = files.stream()
                    .map(f -> CompletableFuture.supplyAsync(() -> daemon.zstor("store", "-f", f.toString()), pool))
                    .toList();
            for (CompletableFuture<ZstorProcess.Result> s : stores) {
                ZstorProcess.Result r = s.get(150, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.toString()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        // read back without the daemon: what the daemon stored is in the backends, not in its memory
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<ZstorProcess.Result>> reads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Path f = files.get(i);
                Path out = daemon.dir().resolve("concurrent/out" + i);
                reads.add(CompletableFuture.supplyAsync(() -> direct("retrieve", "-f", f.toString(), "-o", out.toString()), readers));
            }
            for (int i = 0; i < clients; i++) {
                ZstorProcess.Result r = reads.get(i).get(150, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(Files.readAllBytes(daemon.dir().resolve("concurrent/out" + i))).isEqualTo(Files.readAllBytes(files.get(i)));
            }
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void secondDaemonOnTheSameSocketIsRefusedAndTheFirstKeepsServing() throws IOException {
        ZstorProcess.Result second = ZstorProcess.run(daemon.dir(), "-c", daemon.config().toString(), "monitor");
        assertThat(second.exitCode()).as(second.toString()).isNotZero();
        assertThat(second.stderr()).contains(daemon.socket().toString()).doesNotContain("\tat ");
        assertThat(second.stderr()).contains("another zstor daemon");
        assertThat(daemon.process().isAlive()).isTrue();
        assertThat(daemon.socket()).exists();
        Path f = daemon.file("second/after.bin", 10_000, 21);
        ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        assertThat(direct("check", "-f", f.toString()).exitCode()).isZero();
    }

    @Test
    void metricsAreServedInPrometheusTextWithTheOriginalSeries() throws Exception {
        List<PrometheusText.Sample> before = scrape();
        double storesBefore = PrometheusText.value(before, "zstore_store_commands_finished", Map.of("success", "true"));
        assertThat(storesBefore).isNotNaN();
        Path f = daemon.file("metrics/one.bin", 50_000, 31);
        ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        ZstorProcess.Result missing = daemon.zstor("retrieve", "-f", daemon.dir().resolve("never-stored").toString());
        assertThat(missing.exitCode()).isNotZero();

        List<PrometheusText.Sample> after = scrape();
        assertThat(PrometheusText.value(after, "zstore_store_commands_finished", Map.of("success", "true")))
                .isGreaterThanOrEqualTo(storesBefore + 1);
        assertThat(PrometheusText.value(after, "zstore_retrieve_commands_finished", Map.of("success", "false")))
                .isGreaterThanOrEqualTo(1);
        // the latency histograms of the stages and of every backend command are wired into the daemon
        assertThat(PrometheusText.value(after, "zstor_stage_seconds_count", Map.of("stage", "encode", "outcome", "ok")))
                .isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.value(after, "zstor_stage_seconds_count", Map.of("stage", "meta_save", "outcome", "ok")))
                .isGreaterThanOrEqualTo(1);
        assertThat(after).filteredOn(s -> s.name().equals("zstor_backend_request_seconds_bucket")
                        && "set".equals(s.labels().get("op")) && "data".equals(s.labels().get("role"))
                        && "+Inf".equals(s.labels().get("le")))
                .isNotEmpty().allMatch(s -> s.value() >= 1, "SETs counted")
                .allMatch(s -> s.labels().get("backend").startsWith("127.0.0.1:"), "backend label");
        // every backend of the cluster (4 metadata + 6 data) reports connection_status 1 once the monitor ran
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<PrometheusText.Sample> status;
        do {
            status = scrape().stream().filter(s -> s.name().equals("connection_status")).toList();
            if (status.size() >= 10 && status.stream().allMatch(s -> s.value() == 1)) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(status).hasSize(10).allMatch(s -> s.value() == 1, "connected");
        assertThat(status).extracting(s -> s.labels().get("backend_type")).containsOnly("meta", "data");
        assertThat(status).allMatch(s -> s.labels().get("address").startsWith("127.0.0.1:"), "address label");
    }

    @Test
    void retrieveToStandardOutputStreamsThroughTheDaemon() throws Exception {
        double before = PrometheusText.value(scrape(), "zstore_retrieve_commands_finished", Map.of("success", "true"));
        Path f = daemon.file("stdout/streamed.bin", 6 * 1024 * 1024 + 17, 33);
        ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();

        ZstorProcess.Result retrieve = daemon.zstor("retrieve", "-f", f.toString(), "-o", "-");

        assertThat(retrieve.exitCode()).as(retrieve.stderr()).isZero();
        assertThat(retrieve.stdoutBytes()).isEqualTo(Files.readAllBytes(f));
        // the daemon served it (a CLI without a daemon would not move the daemon's counter)
        assertThat(PrometheusText.value(scrape(), "zstore_retrieve_commands_finished", Map.of("success", "true")))
                .isGreaterThanOrEqualTo((Double.isNaN(before) ? 0 : before) + 1);
    }

    @Test
    void retrieveToAnotherPathIsWrittenByTheClientWholeOrNotAtAll() throws Exception {
        // 9 MiB + 5 bytes: whole 4 MiB direct writes, then a tail that is not a whole file-system block
        Path f = daemon.file("other/copied.bin", 9 * 1024 * 1024 + 5, 34);
        ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        Path outDir = daemon.dir().resolve("other/out/new-dir");

        ZstorProcess.Result retrieve = daemon.zstor("retrieve", "-f", f.toString(), "-o", outDir.resolve("copy.bin").toString());

        assertThat(retrieve.exitCode()).as(retrieve.toString()).isZero();
        assertThat(Files.mismatch(outDir.resolve("copy.bin"), f)).isEqualTo(-1L);
        ZstorProcess.Result missing = daemon.zstor("retrieve", "-f", daemon.dir().resolve("other/never-stored.bin").toString(),
                "-o", outDir.resolve("missing.bin").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no metadata found");
        try (var left = Files.list(outDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("copy.bin"); // no partial file
        }
    }

    @Test
    void clientsThatStopReadingHoldTheirStreamsBackInsteadOfFillingTheDaemon() throws Exception {
        // unpaced, the daemon queued up to 256 blocks per stream whatever its client took: two stalled
        // readers of 160 MiB ended it with OutOfMemoryError under the launcher's 224 MiB heap
        long size = 160 << 20;
        Path f = daemon.file("streams/big.bin", (int) size, 35);
        ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        DaemonClient client = DaemonClient.create(daemon.socket());
        List<StalledReader> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            StalledReader r = new StalledReader(1);
            client.call(new DaemonRequest.RetrieveStream(DaemonClient.file(f))).data().subscribe(r);
            readers.add(r);
        }
        Thread.sleep(5_000); // both take one frame, then nothing while the daemon could produce everything
        ZstorProcess.Result status = daemon.zstor("status");
        assertThat(status.exitCode()).as("the daemon still serves: " + status).isZero();
        for (StalledReader r : readers) {
            r.request(Long.MAX_VALUE);
        }
        for (StalledReader r : readers) {
            assertThat(r.done().get(60, TimeUnit.SECONDS)).isEqualTo(size);
        }
    }

    private static List<PrometheusText.Sample> scrape() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(r.body());
    }

    @Test
    void garbageOnTheSocketDoesNotHarmTheDaemon() throws Exception {
        Random random = new Random(41);
        byte[][] payloads = {
            new byte[0],
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f},
            new byte[256 * 1024],
        };
        random.nextBytes(payloads[3]);
        for (byte[] payload : payloads) {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(daemon.socket()))) {
                ch.write(ByteBuffer.wrap(payload));
                ch.shutdownOutput();
                // the daemon answers with an error or closes; it must not hang forever or die
                ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                    try {
                        while (ch.read(sink.clear()) >= 0) {
                            // discard
                        }
                    } catch (IOException closed) {
                        // reset by the daemon: fine
                    }
                });
                drained.get(30, TimeUnit.SECONDS);
            }
        }
        // a client that connects and never sends anything, kept open while real commands run
        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(daemon.socket()))) {
            assertThat(idle.isConnected()).isTrue();
            Path f = daemon.file("garbage/after.bin", 30_000, 42);
            ZstorProcess.Result store = daemon.zstor("store", "-f", f.toString());
            assertThat(store.exitCode()).as(store.toString()).isZero();
            Path out = daemon.dir().resolve("garbage/out.bin");
            ZstorProcess.Result retrieve = daemon.zstor("retrieve", "-f", f.toString(), "-o", out.toString());
            assertThat(retrieve.exitCode()).as(retrieve.toString()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(f));
        }
        assertThat(daemon.process().isAlive()).as(daemon.process().output()).isTrue();
    }

    @Test
    void sigtermDuringALargeStoreLeavesNoPartialObjectAndRemovesTheSocket() throws Exception {
        try (DaemonFixture own = DaemonFixture.start(tmp.resolve("sigterm"), cluster.config())) {
            Path big = own.file("big.bin", 48 * 1024 * 1024, 51);
            CompletableFuture<ZstorProcess.Result> store = CompletableFuture.supplyAsync(() -> own.zstor("store", "-f", big.toString()));
            // let the client start and the daemon begin writing blocks
            own.awaitCommandRunning();
            long stopAt = System.nanoTime();
            int exit = own.process().terminate(Duration.ofSeconds(45));
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            assertThat(exit).as("daemon exit code after SIGTERM (-1: still running)\n" + own.process().output()).isNotEqualTo(-1);
            assertThat(stopMillis).isLessThan(45_000);
            assertThat(own.socket()).doesNotExist();
            ZstorProcess.Result client = store.get(120, TimeUnit.SECONDS);

            ZstorProcess.Result check = direct("check", "-f", big.toString());
            if (check.exitCode() == 0) {
                // the daemon finished the object before stopping: then it must be complete
                Path out = own.dir().resolve("big.out");
                ZstorProcess.Result r = direct("retrieve", "-f", big.toString(), "-o", out.toString());
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(Files.mismatch(out, big)).isEqualTo(-1L);
                Files.delete(out);
            } else {
                assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
                assertThat(client.exitCode()).as("client saw a failure: " + client).isNotZero();
            }
            Files.delete(big);
        }
    }
}
