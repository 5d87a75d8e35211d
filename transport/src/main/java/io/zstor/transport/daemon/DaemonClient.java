package io.zstor.transport.daemon;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * The CLI's side of the daemon socket: one connection per command, request frame first (followed by the
 * upload for a stream store), then the daemon's replies until the terminal one.
 *
 * <pre>{@code
 * DaemonClient client = DaemonClient.create(config.socket().orElseThrow());
 * DaemonCall call = client.call(DaemonClient.store(Path.of("a.bin"), Optional.empty(), false, false, true));
 * call.progress().subscribe(p -> bar.show(p.bytesDone(), p.bytesTotal()));
 * Fields result = call.result().block();      // DaemonUnavailableException / DaemonCommandException on failure
 * }</pre>
 *
 * <p>Relative paths are resolved here, against the client's working directory, before they are sent.
 * Connecting to a socket nobody serves fails with {@link DaemonUnavailableException}; an error reply
 * fails with {@link DaemonCommandException}; a daemon that closes without a terminal reply fails with
 * {@link ProtocolException}.
 */
public final class DaemonClient {

    private static final String DECODER = "zstor.daemon.frames";

    private final Path socket;
    private final TcpClient tcp;

    private DaemonClient(Path socket, Duration connectTimeout) {
        this.socket = socket.toAbsolutePath();
        this.tcp = TcpClient.newConnection() // one fresh connection per command, never pooled
                .runOn(UnixSockets.loops(), UnixSockets.nativeTransport())
                .remoteAddress(() -> UnixSockets.address(this.socket))
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .doOnConnected(c -> c.addHandlerFirst(DECODER, new FrameDecoder()));
    }

    /** A client of the daemon on {@code socket}, with a 5 s connect timeout. */
    public static DaemonClient create(Path socket) {
        return new DaemonClient(Objects.requireNonNull(socket, "socket"), Duration.ofSeconds(5));
    }

    /** The socket this client talks to. */
    public Path socket() {
        return socket;
    }

    /** Prepares a command; nothing is sent until the call's result, rows or data are subscribed. */
    public DaemonCall call(DaemonRequest request) {
        return new DaemonCall(this, request, null);
    }

    /** Prepares a stream store: {@code data} is uploaded after the request (split into data frames). */
    public DaemonCall call(DaemonRequest.StoreStream request, Flux<ByteBuffer> data) {
        return new DaemonCall(this, request, Objects.requireNonNull(data, "data"));
    }

    /**
     * Runs one exchange and emits every reply up to and including the terminal {@link DaemonReply.Ok};
     * an {@link DaemonReply.Error} becomes a {@link DaemonCommandException} error signal.
     */
    public Flux<DaemonReply> exchange(DaemonRequest request, Flux<ByteBuffer> upload) {
        return Flux.usingWhen(connect(), c -> run(c, request, upload), c -> Mono.fromRunnable(c::dispose));
    }

    private Mono<Connection> connect() {
        return Mono.defer(() -> {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return Mono.error(new DaemonUnavailableException(socket, null));
            }
            return tcp.connect().onErrorMap(e -> new DaemonUnavailableException(socket, e));
        });
    }

    private static Flux<DaemonReply> run(Connection c, DaemonRequest request, Flux<ByteBuffer> upload) {
        Flux<DaemonMessage> frames = Flux.just((DaemonMessage) request);
        if (upload != null) {
            frames = frames.concatWith(upload.concatMapIterable(DaemonServer::chunks)).concatWith(Mono.just(DataEnd.INSTANCE));
        }
        Mono<Void> send = c.outbound()
                .send(frames.map(m -> FrameCodec.encode(m, c.outbound().alloc())), b -> true)
                .then();
        Flux<DaemonReply> replies = c.inbound().receiveObject()
                .<DaemonReply>handle((o, sink) -> {
                    if (o instanceof DaemonReply.Error e) {
                        sink.error(new DaemonCommandException(e.kind(), e.message()));
                    } else if (o instanceof DaemonReply r) {
                        sink.next(r);
                        if (r.terminal()) {
                            sink.complete();
                        }
                    } else if (o instanceof ProtocolViolation v) {
                        sink.error(new ProtocolException("bad reply from the daemon: " + v.reason()));
                    } else {
                        sink.error(new ProtocolException("unexpected frame from the daemon: " + o));
                    }
                })
                .concatWith(Mono.error(() -> new ProtocolException("the daemon closed the connection without a final reply")))
                .takeUntil(DaemonReply::terminal);
        // the send may fail when the daemon closes early (it already replied with an error): replies win
        return Flux.merge(send.onErrorResume(e -> Mono.empty()).then(Mono.<DaemonReply>empty()), replies)
                .takeUntil(DaemonReply::terminal);
    }

    /** A store request for a local file (path made absolute here). */
    public static DaemonRequest.Store store(Path file, Optional<Path> keyPath, boolean saveFailure, boolean delete,
            boolean blocking) {
        return new DaemonRequest.Store(abs(file), keyPath.map(DaemonClient::abs), saveFailure, delete, blocking);
    }

    /** A retrieve request for a local file (path made absolute here). */
    public static DaemonRequest.Retrieve retrieve(Path file) {
        return new DaemonRequest.Retrieve(abs(file));
    }

    /** A reference to an object by local path (made absolute here). */
    public static ObjectRef file(Path file) {
        return ObjectRef.file(abs(file));
    }

    private static String abs(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
