package io.zstor.transport.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The server and client over a real unix socket, with an in-memory handler. */
class DaemonServerTest {

    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final FakeHandler handler = new FakeHandler();
    private final List<DaemonServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(DaemonServer::close);
    }

    private DaemonServer start(DaemonServerOptions options) {
        DaemonServer s = DaemonServer.start(options, handler);
        servers.add(s);
        return s;
    }

    private DaemonServerOptions options() {
        return DaemonServerOptions.defaults(dir.resolve("zstor.sock"))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private DaemonClient client() {
        return DaemonClient.create(dir.resolve("zstor.sock"));
    }

    @Test
    void aRetrievedBufferIsCutIntoFramesOverItsOwnArrayAndADirectOneIsCopied() {
        byte[] array = new byte[3 * DaemonProtocol.DATA_CHUNK + 1000];
        new Random(5).nextBytes(array);
        ByteBuffer heap = ByteBuffer.wrap(array, 100, 2 * DaemonProtocol.DATA_CHUNK + 7).slice().position(3);

        List<DataChunk> frames = DaemonServer.chunks(heap);

        assertThat(frames).extracting(DataChunk::length)
                .containsExactly(DaemonProtocol.DATA_CHUNK, DaemonProtocol.DATA_CHUNK, 4);
        assertThat(frames).allSatisfy(f -> assertThat(f.array()).isSameAs(array)); // no copy
        assertThat(frames.get(0).offset()).isEqualTo(103);
        ByteBuffer joined = ByteBuffer.allocate(heap.remaining());
        frames.forEach(f -> joined.put(f.asByteBuffer()));
        assertThat(joined.array()).isEqualTo(java.util.Arrays.copyOfRange(array, 103, 103 + heap.remaining()));
        assertThat(heap.position()).isEqualTo(3); // the emitted buffer itself is left as it was

        ByteBuffer direct = ByteBuffer.allocateDirect(1000).put(array, 0, 1000).flip();
        List<DataChunk> copied = DaemonServer.chunks(direct);
        assertThat(copied).singleElement().satisfies(f -> assertThat(f.bytes())
                .isEqualTo(java.util.Arrays.copyOf(array, 1000)));
    }

    @Test
    void aClientThatReadsSlowlyHoldsTheStreamBackInsteadOfFillingTheDaemon() throws InterruptedException {
        start(options().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        StalledReader slow = new StalledReader(8);
        client().call(new DaemonRequest.RetrieveStream(ObjectRef.key(FakeHandler.ENDLESS))).data().subscribe(slow);
        long deadline = System.nanoTime() + T.toNanos();
        while (slow.received() < 8L * DaemonProtocol.DATA_CHUNK && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(1000); // the client takes nothing more: whatever the daemon produces now, it has to hold
        long produced = handler.endlessBytes.get();
        slow.request(64); // and the stream goes on when the client reads again
        deadline = System.nanoTime() + T.toNanos();
        while (slow.received() < 72L * DaemonProtocol.DATA_CHUNK && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        slow.dispose();
        assertThat(slow.received()).isEqualTo(72L * DaemonProtocol.DATA_CHUNK);
        // socket buffers, the 1 MiB the connection may hold, and a block or two in the pipeline; unpaced it
        // was 256 blocks (1 GiB) requested at once
        assertThat(produced).as("bytes the daemon produced for a client that read 2 MiB").isLessThanOrEqualTo(4L * FakeHandler.ENDLESS_BLOCK);
    }

    @Test
    void everyCommandRoundTrips() throws IOException {
        start(options());
        DaemonClient c = client();
        Path f = dir.resolve("a.bin");
        Fields stored = c.call(DaemonClient.store(f, Optional.empty(), false, false, true)).result().block(T);
        assertThat(stored.require("key")).isEqualTo(f.toString());

        assertThat(c.call(DaemonClient.retrieve(f)).result().block(T).getLong("size", -1)).isEqualTo(f.toString().length());
        assertThat(c.call(new DaemonRequest.Check(DaemonClient.file(f))).result().block(T).get("checksum")).isPresent();
        assertThat(c.call(new DaemonRequest.Rebuild(ObjectRef.key("k"))).result().block(T).require("key")).isEqualTo("k");
        assertThat(c.call(new DaemonRequest.ListObjects()).rows().map(r -> r.require("key")).collectList().block(T))
                .containsExactly(f.toString());
        assertThat(c.call(new DaemonRequest.Status()).rows().collectList().block(T)).hasSize(3);
        assertThat(c.call(new DaemonRequest.Failures()).rows().collectList().block(T)).isEmpty();
        assertThat(c.call(new DaemonRequest.Test()).result().block(T)).isEqualTo(Fields.EMPTY);
        assertThat(c.call(new DaemonRequest.Delete(DaemonClient.file(f))).result().block(T).require("deleted")).isEqualTo("true");
        assertThat(c.call(new DaemonRequest.Check(DaemonClient.file(f))).result().block(T).get("checksum")).isEmpty();

        assertThatThrownBy(() -> c.call(DaemonClient.retrieve(f)).result().block(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("no object stored for " + f);
    }

    @Test
    void streamsStdinUpAndStdoutDownByteIdentical() {
        start(options());
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(content);
        List<ByteBuffer> parts = new ArrayList<>();
        for (int off = 0; off < content.length; off += 100_000) {
            parts.add(ByteBuffer.wrap(content, off, Math.min(100_000, content.length - off)));
        }
        DaemonCall up = client().call(new DaemonRequest.StoreStream(ObjectRef.key("stdin-object")), Flux.fromIterable(parts));
        List<DaemonReply.Progress> progress = new CopyOnWriteArrayList<>();
        up.progress().subscribe(progress::add);
        assertThat(up.result().block(T).getLong("size", -1)).isEqualTo(content.length);
        assertThat(progress).isNotEmpty();
        assertThat(progress).allMatch(p -> p.bytesDone() <= content.length);

        byte[] back = client().call(new DaemonRequest.RetrieveStream(ObjectRef.key("stdin-object"))).data()
                .reduce(new java.io.ByteArrayOutputStream(), (out, b) -> {
                    byte[] a = new byte[b.remaining()];
                    b.get(a);
                    out.write(a, 0, a.length);
                    return out;
                }).block(T).toByteArray();
        assertThat(back).isEqualTo(content);
    }

    @Test
    void manyConcurrentClientsAreBoundedAndAllServed() {
        start(options().withMaxConcurrentCommands(4));
        handler.storeDelay = Duration.ofMillis(50);
        int clients = 32;
        List<Fields> results = Flux.range(0, clients)
                .flatMap(i -> client().call(DaemonClient.store(dir.resolve("f" + i), Optional.empty(), false, false, true)).result(),
                        clients)
                .collectList().block(T);
        assertThat(results).hasSize(clients);
        assertThat(handler.objects).hasSize(clients);
        assertThat(handler.maxRunning.get()).isEqualTo(4);
        // metadata commands are not held behind data commands
        assertThat(handler.running.get()).isZero();
    }

    @Test
    void progressIsStreamedBeforeTheResult() {
        start(options());
        handler.storeDelay = Duration.ofMillis(100);
        List<DaemonReply> replies = client().exchange(DaemonClient.store(dir.resolve("p"), Optional.empty(), false, false, true), null)
                .collectList().block(T);
        assertThat(replies).last().isInstanceOf(DaemonReply.Ok.class);
        assertThat(replies).contains(new DaemonReply.Progress(0, 100));
    }

    @Test
    void secondServerOnTheSameSocketIsRefused() {
        DaemonServer first = start(options());
        assertThatThrownBy(() -> start(options())).isInstanceOf(DaemonAlreadyRunningException.class)
                .hasMessageContaining("another zstor daemon");
        // the first one still serves
        assertThat(client().call(new DaemonRequest.Test()).result().block(T)).isEqualTo(Fields.EMPTY);
        assertThat(first.socket()).exists();
    }

    @Test
    void aLiveDaemonAnsweringOnTheSocketIsDetectedByTheProbe() {
        // the lock is per socket path; a daemon that kept serving after its lock file was deleted must still be found
        start(options());
        Path lock = dir.resolve("zstor.sock.lock");
        assertThat(InstanceGuard.answers(dir.resolve("zstor.sock"))).isTrue();
        assertThat(lock).exists();
    }

    @Test
    void socketIsOwnerOnlyAndRemovedAtStop() throws IOException {
        DaemonServer s = start(options().withPidFile(Optional.of(dir.resolve("zstor.pid"))));
        Path sock = dir.resolve("zstor.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("zstor.pid")).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        s.close();
        assertThat(sock).doesNotExist();
        assertThat(dir.resolve("zstor.pid")).doesNotExist();
        assertThatThrownBy(() -> client().call(new DaemonRequest.Test()).result().block(T))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessage("no zstor daemon answers on " + sock + ": start `zstor monitor`");
    }

    @Test
    void staleSocketAndPidFileAreReplaced() throws IOException {
        Path sock = dir.resolve("zstor.sock");
        // a stale socket file: bound once, never served
        try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).exists();
        Files.writeString(dir.resolve("zstor.pid"), "999999999\n");
        start(options().withPidFile(Optional.of(dir.resolve("zstor.pid"))));
        assertThat(client().call(new DaemonRequest.Test()).result().block(T)).isEqualTo(Fields.EMPTY);
    }

    @Test
    void aLivePidFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("zstor.pid"), ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L) + "\n");
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        boolean parentIsJava = parent.flatMap(p -> p.info().command()).equals(ProcessHandle.current().info().command());
        if (parentIsJava) {
            assertThatThrownBy(() -> start(options().withPidFile(Optional.of(dir.resolve("zstor.pid")))))
                    .isInstanceOf(DaemonAlreadyRunningException.class).hasMessageContaining("live process");
        } else {
            // the parent (e.g. a shell) is alive but is not zstor: pid reuse must not block the start
            start(options().withPidFile(Optional.of(dir.resolve("zstor.pid"))));
        }
        assertThat(dir.resolve("zstor.sock.lock")).exists();
    }

    @Test
    void relativePathsAreRejected() {
        start(options());
        assertThatThrownBy(() -> client().call(new DaemonRequest.Retrieve("relative/file")).result().block(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .hasMessage("path must be absolute: relative/file");
    }

    @Test
    void stopLetsInFlightWorkFinishWithinTheGrace() {
        DaemonServer s = start(options());
        handler.storeDelay = Duration.ofMillis(600);
        Mono<Fields> store = client().call(DaemonClient.store(dir.resolve("slow"), Optional.empty(), false, false, true)).result().cache();
        store.subscribe();
        awaitRunning(1);
        long t0 = System.nanoTime();
        s.stop().block(T);
        assertThat(store.block(T).require("key")).endsWith("slow");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(dir.resolve("zstor.sock")).doesNotExist();
    }

    @Test
    void aCommandWithoutProgressIsAbortedAfterTheIdleTimeoutAndTheOthersGoOn() {
        start(options().withCommandIdleTimeout(Duration.ofMillis(500)).withMaxConcurrentCommands(1));
        handler.storeDelay = Duration.ofSeconds(60);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client().call(DaemonClient.store(dir.resolve("stuck"), Optional.empty(), false, false, true))
                .result().block(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(e.getMessage()).contains("no progress");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(handler.objects).isEmpty();
        // the permit came back: the next command runs
        handler.storeDelay = Duration.ZERO;
        assertThat(client().call(DaemonClient.store(dir.resolve("next"), Optional.empty(), false, false, true))
                .result().block(T).require("key")).endsWith("next");
    }

    @Test
    void stopAbortsWorkThatOutlivesTheGrace() {
        DaemonServer s = start(options().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
        handler.storeDelay = Duration.ofSeconds(60);
        Mono<Fields> store = client().call(DaemonClient.store(dir.resolve("forever"), Optional.empty(), false, false, true)).result().cache();
        store.subscribe(v -> { }, e -> { });
        awaitRunning(1);
        long t0 = System.nanoTime();
        s.stop().block(T);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> store.block(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ABORTED));
        assertThat(handler.running.get()).isZero();
        assertThat(handler.objects).isEmpty();
    }

    @Test
    void nonBlockingStoreIsAcknowledgedAtOnceRetriedThenRecordedAsFailure() throws InterruptedException {
        start(options().withBackground(100, 3, Duration.ofMillis(20), Duration.ofMillis(50)));
        handler.storeFailure = f -> f.endsWith("bad") ? new IllegalStateException("backend 10.0.0.1:9900 unreachable") : null;
        Fields ack = client().call(DaemonClient.store(dir.resolve("bad"), Optional.empty(), false, false, false)).result().block(T);
        assertThat(ack.require("queued")).isEqualTo("true");
        Fields ok = client().call(DaemonClient.store(dir.resolve("good"), Optional.empty(), false, false, false)).result().block(T);
        assertThat(ok.require("queued")).isEqualTo("true");
        long deadline = System.nanoTime() + T.toNanos();
        while (handler.failuresRecorded.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(handler.failuresRecorded).containsExactly(dir.resolve("bad") + ": backend 10.0.0.1:9900 unreachable");
        assertThat(handler.storeOrder.stream().filter(f -> f.endsWith("bad"))).hasSize(3);
        assertThat(handler.objects).containsKey(dir.resolve("good").toString());
        assertThat(client().call(new DaemonRequest.Failures()).rows().collectList().block(T)).hasSize(1);
    }

    @Test
    void aFullBackgroundQueueRefusesInsteadOfDropping() {
        start(options().withMaxConcurrentCommands(1).withBackground(2, 1, Duration.ofMillis(10), Duration.ofMillis(10)));
        handler.storeDelay = Duration.ofSeconds(2);
        for (int i = 0; i < 2; i++) {
            client().call(DaemonClient.store(dir.resolve("q" + i), Optional.empty(), false, false, false)).result().block(T);
        }
        assertThatThrownBy(() -> client().call(DaemonClient.store(dir.resolve("q2"), Optional.empty(), false, false, false)).result().block(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
    }

    @Test
    void pendingBackgroundStoresAreRecordedAsFailuresAtStop() {
        DaemonServer s = start(options().withMaxConcurrentCommands(1).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200)));
        handler.storeDelay = Duration.ofSeconds(30);
        for (int i = 0; i < 3; i++) {
            client().call(DaemonClient.store(dir.resolve("p" + i), Optional.empty(), false, false, false)).result().block(T);
        }
        awaitRunning(1);
        s.stop().block(T);
        assertThat(handler.failuresRecorded).hasSize(3);
        assertThat(handler.failuresRecorded).anyMatch(f -> f.contains("aborted"));
    }

    @Test
    void saveFailureRecordsAFailedBlockingStore() {
        start(options());
        handler.storeFailure = f -> new IllegalStateException("metadata store is read-only");
        assertThatThrownBy(() -> client().call(DaemonClient.store(dir.resolve("x"), Optional.empty(), true, false, true)).result().block(T))
                .isInstanceOfSatisfying(DaemonCommandException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED))
                .hasMessage("metadata store is read-only");
        assertThat(handler.failuresRecorded).containsExactly(dir.resolve("x") + ": metadata store is read-only");
    }

    @Test
    void garbageAndTruncatedFramesGetAnErrorAndTheDaemonKeepsServing() throws IOException {
        start(options().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        Random rnd = new Random(7);
        for (int i = 0; i < 150; i++) {
            byte[] junk = new byte[2 + rnd.nextInt(200)];
            rnd.nextBytes(junk);
            if (i % 3 == 0) {
                junk[0] = 'Z';
                junk[1] = 'S';
            }
            byte[] reply = rawExchange(junk, i % 2 == 0);
            if (reply.length > 0) {
                List<Object> decoded = FrameCodecTest.decodeAll(io.netty.buffer.Unpooled.wrappedBuffer(reply));
                assertThat(decoded).hasSize(1);
                assertThat(decoded.get(0)).isInstanceOfSatisfying(DaemonReply.Error.class,
                        e -> assertThat(e.kind()).isIn(ErrorKind.PROTOCOL, ErrorKind.BAD_REQUEST, ErrorKind.NOT_FOUND, ErrorKind.TIMEOUT));
            }
        }
        // a truncated request then close: the daemon answers what it can and survives
        rawExchange(new byte[] {'Z', 'S', 1, 1, 0, 0, 0, 50, 0, 0, 0}, true);
        // an HTTP request on the socket
        byte[] http = rawExchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(), false);
        assertThat(((DaemonReply.Error) FrameCodecTest.decodeAll(io.netty.buffer.Unpooled.wrappedBuffer(http)).get(0)).message())
                .contains("bad frame magic");
        assertThat(client().call(new DaemonRequest.Test()).result().block(T)).isEqualTo(Fields.EMPTY);
    }

    @Test
    void aClientThatSendsNothingTimesOut() throws IOException {
        start(options().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5)));
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("zstor.sock")))) {
            byte[] reply = Channels.newInputStream(ch).readAllBytes();
            DaemonReply.Error e = (DaemonReply.Error) FrameCodecTest.decodeAll(io.netty.buffer.Unpooled.wrappedBuffer(reply)).get(0);
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        }
    }

    private byte[] rawExchange(byte[] bytes, boolean halfClose) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("zstor.sock")))) {
            OutputStream out = Channels.newOutputStream(ch);
            try {
                out.write(bytes);
                out.flush();
                if (halfClose) {
                    ch.shutdownOutput();
                }
            } catch (IOException closedEarly) {
                // the daemon may close as soon as it has seen a bad header
            }
            InputStream in = Channels.newInputStream(ch);
            try {
                return in.readAllBytes();
            } catch (IOException reset) {
                return new byte[0];
            }
        }
    }

    private void awaitRunning(int n) {
        long deadline = System.nanoTime() + T.toNanos();
        while (handler.running.get() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(handler.running.get()).isGreaterThanOrEqualTo(n);
    }
}
