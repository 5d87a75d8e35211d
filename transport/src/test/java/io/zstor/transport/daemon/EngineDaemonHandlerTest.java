package io.zstor.transport.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.StandardCodecs;
import io.zstor.engine.Zstor;
import io.zstor.engine.testing.HookedConnector;
import io.zstor.engine.testing.TestCluster;
import io.zstor.transport.metrics.ZstorCommand;
import io.zstor.transport.metrics.ZstorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The daemon serving the real engine (in-memory backends) over a real unix socket. */
class EngineDaemonHandlerTest {

    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final TestCluster cluster = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(16 << 10).build();
    private final ZstorMetrics metrics = new ZstorMetrics(new SimpleMeterRegistry());
    private Zstor zstor;
    private DaemonServer server;
    private DaemonClient client;

    @BeforeEach
    void start() {
        zstor = cluster.engine();
        server = DaemonServer.start(DaemonServerOptions.defaults(dir.resolve("zstor.sock")).withMaxConcurrentCommands(4)
                .withBackground(100, 2, Duration.ofMillis(10), Duration.ofMillis(20)), new EngineDaemonHandler(zstor, metrics));
        client = DaemonClient.create(dir.resolve("zstor.sock"));
    }

    @AfterEach
    void stop() {
        server.close();
        zstor.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void sixteenConcurrentStoresAreAllRetrievableByteIdentical() throws IOException {
        int n = 16;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            contents.add(random(20_000 + i * 3_000, i));
            Files.write(dir.resolve("file" + i), contents.get(i));
        }
        List<Fields> stored = Flux.range(0, n)
                .flatMap(i -> client.call(DaemonClient.store(dir.resolve("file" + i), Optional.empty(), false, false, true)).result(), n)
                .collectList().block(T);
        assertThat(stored).hasSize(n).allMatch(f -> f.require("checksum").length() == 32);
        for (int i = 0; i < n; i++) {
            Files.delete(dir.resolve("file" + i));
        }
        Flux.range(0, n).flatMap(i -> client.call(DaemonClient.retrieve(dir.resolve("file" + i))).result(), n).collectList().block(T);
        for (int i = 0; i < n; i++) {
            assertThat(Files.readAllBytes(dir.resolve("file" + i))).isEqualTo(contents.get(i));
        }
        assertThat(metrics.finishedCount(ZstorCommand.STORE, true)).isEqualTo(n);
        assertThat(metrics.finishedCount(ZstorCommand.RETRIEVE, true)).isEqualTo(n);
        assertThat(client.call(new DaemonRequest.ListObjects()).rows().collectList().block(T)).hasSize(n);
    }

    @Test
    void storeWithDeleteKeepsAFileThatChangedWhileItWasStored() throws Exception {
        HookedConnector hooked = new HookedConnector(cluster.connector());
        try (Zstor engine = Zstor.builder(cluster.config(), hooked).codecs(StandardCodecs.codecs()).build()) {
            EngineDaemonHandler handler = new EngineDaemonHandler(engine);
            Path unchanged = dir.resolve("unchanged");
            Files.write(unchanged, random(50_000, 3));
            handler.store(new DaemonRequest.Store(unchanged.toString(), Optional.empty(), false, true, true),
                    ProgressSink.NONE).block(T);
            assertThat(unchanged).doesNotExist();

            Path changing = dir.resolve("changing");
            Files.write(changing, random(50_000, 4));
            CountDownLatch sent = new CountDownLatch(1);
            CompletableFuture<Void> gate = new CompletableFuture<>();
            hooked.hook((backend, op, key) -> op.equals("SET") && cluster.dataBackends().contains(backend)
                    && sent.getCount() > 0 ? Mono.fromRunnable(sent::countDown).then(Mono.fromFuture(gate)) : Mono.empty());
            CompletableFuture<Fields> store = handler.store(new DaemonRequest.Store(changing.toString(), Optional.empty(),
                    false, true, true), ProgressSink.NONE).toFuture();
            assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
            Files.write(changing, new byte[] {1, 2, 3}, StandardOpenOption.APPEND); // a write during the upload
            gate.complete(null);
            store.get(30, TimeUnit.SECONDS);
            assertThat(changing).exists().hasSize(50_003);
        }
    }

    @Test
    void streamStoreCheckDeleteAndStatus() {
        byte[] content = random(100_000, 9);
        Fields r = client.call(new DaemonRequest.StoreStream(ObjectRef.key("stdin/obj")), Flux.just(ByteBuffer.wrap(content)))
                .result().block(T);
        assertThat(r.getLong("size", -1)).isEqualTo(content.length);
        String checksum = r.require("checksum");
        // the pieces stay after the client hung up on the reply (no rollback of a finished store)
        assertThat(cluster.dataBackends()).allMatch(b -> cluster.zdb(b).entryCount() == 7);

        byte[] back = client.call(new DaemonRequest.RetrieveStream(ObjectRef.key("stdin/obj"))).data()
                .reduce(new ByteArrayOutputStream(), (out, b) -> {
                    byte[] a = new byte[b.remaining()];
                    b.get(a);
                    out.write(a, 0, a.length);
                    return out;
                }).block(T).toByteArray();
        assertThat(back).isEqualTo(content);

        assertThat(client.call(new DaemonRequest.Check(ObjectRef.key("stdin/obj"))).result().block(T).get("checksum")).contains(checksum);
        assertThat(client.call(new DaemonRequest.Rebuild(ObjectRef.key("stdin/obj"))).result().block(T).require("key"))
                .isEqualTo("stdin/obj");
        assertThat(client.call(new DaemonRequest.Delete(ObjectRef.key("stdin/obj"))).result().block(T).require("deleted")).isEqualTo("true");
        assertThat(client.call(new DaemonRequest.Check(ObjectRef.key("stdin/obj"))).result().block(T).get("checksum")).isEmpty();
        assertThatThrownBy(() -> client.call(new DaemonRequest.RetrieveStream(ObjectRef.key("stdin/obj"))).data().blockLast(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));

        List<Fields> status = client.call(new DaemonRequest.Status()).rows().collectList().block(T);
        assertThat(status).hasSize(10);
        assertThat(status.get(0).require("role")).isEqualTo("meta");
        assertThat(status).allMatch(s -> s.require("reachable").equals("true"));
        assertThat(status.toString()).doesNotContainIgnoringCase("password");
        assertThat(client.call(new DaemonRequest.Test()).result().block(T)).isEqualTo(Fields.EMPTY);
    }

    @Test
    void aNonBlockingStoreOfAMissingFileEndsInTheFailureList() throws InterruptedException {
        Path missing = dir.resolve("gone.bin");
        assertThat(client.call(DaemonClient.store(missing, Optional.empty(), false, false, false)).result().block(T).require("queued"))
                .isEqualTo("true");
        List<Fields> failures = List.of();
        long deadline = System.nanoTime() + T.toNanos();
        while (failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            failures = client.call(new DaemonRequest.Failures()).rows().collectList().block(T);
        }
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).require("key")).isEqualTo(missing.toString());
        assertThat(failures.get(0).require("reason")).isEqualTo("no such file: " + missing);
        assertThat(metrics.finishedCount(ZstorCommand.STORE, false)).isEqualTo(1);
    }

    @Test
    void storeOfADirectoryStoresEachRegularFileAndDeletesOnRequest() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("batch"));
        for (int i = 0; i < 3; i++) {
            Files.write(sub.resolve("f" + i), random(5000, i));
        }
        Fields r = client.call(DaemonClient.store(sub, Optional.empty(), false, true, true)).result().block(T);
        assertThat(r.require("files")).isEqualTo("3");
        assertThat(r.getLong("size", -1)).isEqualTo(15_000);
        try (var s = Files.list(sub)) {
            assertThat(s.count()).isZero();
        }
        assertThat(client.call(new DaemonRequest.Check(DaemonClient.file(sub.resolve("f1")))).result().block(T).get("checksum")).isPresent();
    }
}
