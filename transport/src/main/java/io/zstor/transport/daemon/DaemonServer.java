package io.zstor.transport.daemon;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;

/**
 * The daemon side of the socket: serves {@link DaemonRequest}s on a unix domain socket and dispatches
 * them to a {@link DaemonHandler}.
 *
 * <ul>
 *   <li>One request per connection; replies are progress/row/data frames then one terminal frame, after
 *       which the connection is closed. Hostile or truncated frames get an {@link ErrorKind#PROTOCOL} error
 *       reply and a close; they never reach the handler.</li>
 *   <li>Data commands (store, retrieve, rebuild) run at most {@link DaemonServerOptions#maxConcurrentCommands}
 *       at once, the rest wait in FIFO order; metadata commands (check, delete, list, status, failures,
 *       test) run at once.</li>
 *   <li>{@code store --notblocking} is acknowledged at once and run by the background queue, with
 *       bounded retries and a recorded failure at the end.</li>
 *   <li>Start-up refuses to steal the socket of a live daemon; the socket file is created with mode
 *       0600 (bound under a temporary name, restricted, then renamed into place) and removed at stop.</li>
 *   <li>{@link #stop()} stops accepting, lets in-flight commands finish within the grace period, aborts
 *       the rest with an {@link ErrorKind#ABORTED} reply, and releases the socket.</li>
 * </ul>
 */
public final class DaemonServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);
    private static final String DECODER = "zstor.daemon.frames";

    private final DaemonServerOptions options;
    private final DaemonHandler handler;
    private final CommandLimiter limiter;
    private final BackgroundStores background;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong protocolErrors = new AtomicLong();
    private volatile DisposableServer server;
    private volatile reactor.core.Disposable watchdog;
    private volatile InstanceGuard guard;

    private DaemonServer(DaemonServerOptions options, DaemonHandler handler) {
        this.options = options;
        this.handler = handler;
        this.limiter = new CommandLimiter(options.maxConcurrentCommands());
        this.background = new BackgroundStores(handler, limiter, options);
    }

    /**
     * Binds the socket and starts serving. Blocking (file system, probe connect): call it from the main
     * thread, never from a reactor thread.
     *
     * @throws DaemonAlreadyRunningException when another daemon serves the socket
     * @throws UncheckedIOException when the socket cannot be bound or secured
     */
    public static DaemonServer start(DaemonServerOptions options, DaemonHandler handler) {
        DaemonServer s = new DaemonServer(options, handler);
        s.bind();
        return s;
    }

    private void bind() {
        Path socket = options.socket().toAbsolutePath();
        guard = InstanceGuard.acquire(socket, options.pidFile());
        Path tmp = socket.resolveSibling("." + ProcessHandle.current().pid() + "." + socket.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            server = TcpServer.create()
                    .runOn(UnixSockets.loops(), UnixSockets.nativeTransport())
                    .bindAddress(() -> UnixSockets.address(tmp))
                    .childOption(io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK, WritabilityGate.WATER_MARK)
                    .doOnConnection(c -> c.addHandlerFirst(DECODER, new FrameDecoder())
                            .addHandlerLast(WritabilityGate.NAME, new WritabilityGate()))
                    .handle(this::serve)
                    .bindNow();
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, socket, StandardCopyOption.ATOMIC_MOVE);
            guard.writePidFile();
            Duration tick = Duration.ofMillis(Math.max(10, Math.min(1000, options.commandIdleTimeout().toMillis() / 4)));
            watchdog = Flux.interval(tick, tick).subscribe(t -> abortSilentCommands());
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.disposeNow(Duration.ofSeconds(5));
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            guard.close();
            background.shutdown(Duration.ZERO).block(Duration.ofSeconds(5));
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot serve the daemon socket " + socket + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        LOG.info("zstor daemon serving on {} ({} transport, {} concurrent data commands)", socket,
                UnixSockets.nativeTransport() ? "epoll" : "nio", options.maxConcurrentCommands());
    }

    /** The socket path served. */
    public Path socket() {
        return options.socket().toAbsolutePath();
    }

    /** Commands being executed or waiting for their turn (excluding background stores). */
    public int inFlight() {
        return inFlight.size();
    }

    /** Data commands waiting for a permit (interactive and background). */
    public int queued() {
        return limiter.queued();
    }

    /** Non-blocking stores accepted and not finished. */
    public int backgroundPending() {
        return background.pending();
    }

    /** Non-blocking stores recorded as failures after their retries. */
    public long backgroundFailed() {
        return background.failed();
    }

    /**
     * Registers the daemon's meters: {@code zstor.daemon.commands.running}, {@code .queued},
     * {@code .inflight}, {@code zstor.daemon.commands} (counter), {@code zstor.daemon.protocol.errors},
     * {@code zstor.daemon.background.pending}, {@code .succeeded}, {@code .retries}, {@code .failed}.
     */
    public DaemonServer bindMetrics(MeterRegistry registry) {
        Gauge.builder("zstor.daemon.commands.running", limiter, CommandLimiter::running)
                .description("data commands running").register(registry);
        Gauge.builder("zstor.daemon.commands.queued", limiter, CommandLimiter::queued)
                .description("data commands waiting for a permit (FIFO)").register(registry);
        Gauge.builder("zstor.daemon.commands.inflight", inFlight, Set::size)
                .description("socket commands being served").register(registry);
        FunctionCounter.builder("zstor.daemon.commands", commands, AtomicLong::get)
                .description("socket commands received").register(registry);
        FunctionCounter.builder("zstor.daemon.protocol.errors", protocolErrors, AtomicLong::get)
                .description("connections closed for a protocol violation").register(registry);
        Gauge.builder("zstor.daemon.background.pending", background, BackgroundStores::pending)
                .description("non-blocking stores accepted and not finished").register(registry);
        FunctionCounter.builder("zstor.daemon.background.succeeded", background, BackgroundStores::succeeded)
                .register(registry);
        FunctionCounter.builder("zstor.daemon.background.retries", background, BackgroundStores::retries)
                .register(registry);
        FunctionCounter.builder("zstor.daemon.background.failed", background, BackgroundStores::failed)
                .description("non-blocking stores recorded as failures").register(registry);
        return this;
    }

    /** Completes once the daemon has stopped and released its socket. */
    public Mono<Void> onStop() {
        return stopped.asMono();
    }

    /**
     * Stops gracefully: new connections are refused, commands received from now on are answered with
     * {@link ErrorKind#SHUTTING_DOWN}, in-flight commands get {@link DaemonServerOptions#stopGrace} to
     * finish, then they are aborted. The socket and pid files are removed. Idempotent.
     */
    public Mono<Void> stop() {
        return Mono.defer(() -> {
            if (!stopping.compareAndSet(false, true)) {
                return stopped.asMono();
            }
            LOG.info("zstor daemon stopping: {} commands in flight, {} background stores pending", inFlight.size(),
                    background.pending());
            DisposableServer s = server;
            s.channel().close();
            Duration grace = options.stopGrace();
            Mono<Void> interactive = whenIdle()
                    .timeout(grace)
                    .onErrorResume(TimeoutException.class, e -> {
                        LOG.warn("aborting {} commands still running after {}", inFlight.size(), grace);
                        inFlight.forEach(InFlight::abort);
                        return whenIdle().timeout(Duration.ofSeconds(5)).onErrorResume(t -> Mono.empty());
                    });
            return Mono.when(interactive, background.shutdown(grace))
                    .then(Mono.fromRunnable(() -> {
                        if (watchdog != null) {
                            watchdog.dispose();
                        }
                        s.disposeNow(Duration.ofSeconds(5));
                        guard.close();
                        LOG.info("zstor daemon stopped, socket {} removed", socket());
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .then()
                    .doFinally(sig -> stopped.tryEmitEmpty());
        });
    }

    /** Stops (see {@link #stop()}) and waits for it; for shutdown hooks and tests, never on a reactor thread. */
    @Override
    public void close() {
        stop().block(options.stopGrace().multipliedBy(2).plusSeconds(15));
    }

    private Mono<Void> whenIdle() {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(20))
                .filter(t -> inFlight.isEmpty())
                .next()
                .then();
    }

    private Publisher<Void> serve(NettyInbound in, NettyOutbound out) {
        Flux<DaemonMessage> inbound = in.receiveObject()
                .map(o -> o instanceof DaemonMessage m ? m : new ProtocolViolation("undecoded input"))
                .timeout(Mono.delay(options.requestTimeout()), m -> Mono.never());
        Flux<DaemonReply> replies = inbound.switchOnFirst((first, all) -> {
            if (first.isOnError()) {
                Throwable e = first.getThrowable();
                return Flux.just(e instanceof TimeoutException
                        ? new DaemonReply.Error(ErrorKind.TIMEOUT, "no request received within " + options.requestTimeout())
                        : new DaemonReply.Error(ErrorKind.PROTOCOL, oneLine(e)));
            }
            if (!first.hasValue()) {
                return Flux.empty();
            }
            DaemonMessage m = first.get();
            if (m instanceof ProtocolViolation v) {
                protocolErrors.incrementAndGet();
                LOG.warn("closing a daemon connection: {}", v.reason());
                return Flux.just(new DaemonReply.Error(ErrorKind.PROTOCOL, v.reason()));
            }
            if (!(m instanceof DaemonRequest r)) {
                protocolErrors.incrementAndGet();
                return Flux.just(new DaemonReply.Error(ErrorKind.PROTOCOL, "expected a request frame first, got " + m.type()));
            }
            commands.incrementAndGet();
            return dispatch(r, all.skip(1));
        });
        WritabilityGate[] gate = new WritabilityGate[1];
        out.withConnection(c -> gate[0] = (WritabilityGate) c.channel().pipeline().get(WritabilityGate.NAME));
        Flux<DaemonReply> paced = replies.concatMap(
                r -> r instanceof DataChunk ? gate[0].whenWritable().thenReturn(r) : Mono.just(r), 1);
        return out.send(paced.map(r -> FrameCodec.encode(r, out.alloc())), b -> true).then()
                .doOnError(e -> LOG.warn("daemon connection failed: {}", oneLine(e), e));
    }

    private Flux<DaemonReply> dispatch(DaemonRequest request, Flux<DaemonMessage> rest) {
        if (stopping.get()) {
            return Flux.just(new DaemonReply.Error(ErrorKind.SHUTTING_DOWN, "the zstor daemon is stopping"));
        }
        String invalid = invalidPath(request);
        if (invalid != null) {
            return Flux.just(new DaemonReply.Error(ErrorKind.BAD_REQUEST, "path must be absolute: " + invalid));
        }
        if (request instanceof DaemonRequest.Store s && !s.blocking()) {
            if (background.offer(s)) {
                return Flux.just(new DaemonReply.Ok(Fields.builder().put("queued", true).build()));
            }
            return Flux.just(stopping.get()
                    ? new DaemonReply.Error(ErrorKind.SHUTTING_DOWN, "the zstor daemon is stopping")
                    : new DaemonReply.Error(ErrorKind.BUSY, "the non-blocking store queue is full ("
                            + options.backgroundQueueCapacity() + " stores pending); retry later"));
        }
        IdleDeadline deadline = new IdleDeadline(options.commandIdleTimeout());
        return track(deadline, withProgress(deadline, sink -> execute(request, rest, sink, deadline)));
    }

    private Flux<DaemonReply> execute(DaemonRequest request, Flux<DaemonMessage> rest, ProgressSink progress,
            IdleDeadline deadline) {
        if (request instanceof DaemonRequest.Store s) {
            Mono<Fields> store = handler.store(s, progress);
            if (s.saveFailure()) {
                store = store.onErrorResume(e -> handler.recordFailure(s.file(), oneLine(e))
                        .onErrorResume(r -> Mono.empty())
                        .then(Mono.error(e)));
            }
            return limiter.limit(deadline.guard(ok(store)));
        } else if (request instanceof DaemonRequest.StoreStream s) {
            return limiter.limit(deadline.guard(ok(handler.storeStream(s.target(), upload(rest), progress))));
        } else if (request instanceof DaemonRequest.Retrieve r) {
            return limiter.limit(deadline.guard(ok(handler.retrieve(r.file(), progress))));
        } else if (request instanceof DaemonRequest.RetrieveStream r) {
            return limiter.limit(deadline.guard(download(handler.retrieveStream(r.target(), progress))));
        } else if (request instanceof DaemonRequest.Rebuild r) {
            // no progress events: a rebuild of a large object may be silent for long, so no idle deadline
            return limiter.limit(ok(handler.rebuild(r.target())));
        } else if (request instanceof DaemonRequest.Check c) {
            return ok(handler.check(c.target()));
        } else if (request instanceof DaemonRequest.Delete d) {
            return ok(handler.delete(d.target()));
        } else if (request instanceof DaemonRequest.ListObjects) {
            return rows(handler.list());
        } else if (request instanceof DaemonRequest.Status) {
            return rows(handler.status());
        } else if (request instanceof DaemonRequest.Failures) {
            return rows(handler.failures());
        } else if (request instanceof DaemonRequest.RecordFailure f) {
            return handler.recordFailure(f.file(), f.reason()).thenReturn((DaemonReply) new DaemonReply.Ok(Fields.EMPTY)).flux();
        } else if (request instanceof DaemonRequest.Test) {
            return handler.test().thenReturn((DaemonReply) new DaemonReply.Ok(Fields.EMPTY)).flux();
        }
        return Flux.just(new DaemonReply.Error(ErrorKind.PROTOCOL, "unsupported request " + request.type()));
    }

    /**
     * Runs the work with a progress sink whose events are interleaved (lossily) with the work's replies; each
     * event is a sign of life for the command's idle deadline.
     */
    private static Flux<DaemonReply> withProgress(IdleDeadline deadline,
            java.util.function.Function<ProgressSink, Flux<DaemonReply>> work) {
        return Flux.defer(() -> {
            Sinks.Many<DaemonReply> progress = Sinks.many().multicast().directBestEffort();
            ProgressSink sink = (done, total) -> {
                deadline.touch();
                progress.tryEmitNext(new DaemonReply.Progress(done, total));
            };
            Flux<DaemonReply> main = Flux.defer(() -> work.apply(sink))
                    .onErrorResume(e -> Mono.just(toError(e)))
                    .doFinally(s -> progress.tryEmitComplete());
            // no takeUntil(terminal): cancelling the work right after its result would make the engine roll
            // back (a store's cleanup-on-cancel); the work completes on its own right after the terminal reply
            return Flux.merge(progress.asFlux().onBackpressureLatest(), main);
        });
    }

    private Flux<DaemonReply> track(IdleDeadline deadline, Flux<DaemonReply> work) {
        return Flux.defer(() -> {
            InFlight f = new InFlight(deadline);
            inFlight.add(f);
            return work.takeUntilOther(f.abort.asMono())
                    .concatWith(Mono.fromSupplier(() -> f.timedOut
                            ? new DaemonReply.Error(ErrorKind.TIMEOUT, "the command made no progress for "
                                    + deadline.idle().toSeconds() + " s and was aborted")
                            : f.aborted
                            ? new DaemonReply.Error(ErrorKind.ABORTED, "aborted: the zstor daemon stopped before the command finished")
                            : null))
                    .doFinally(s -> inFlight.remove(f));
        });
    }

    /** Aborts the running commands whose idle clock expired (one check per tick for the whole daemon). */
    private void abortSilentCommands() {
        long now = System.nanoTime();
        for (InFlight f : inFlight) {
            if (f.deadline.expired(now)) {
                LOG.warn("aborting a command that made no progress for {} s", f.deadline.idle().toSeconds());
                f.timeOut();
            }
        }
    }

    private static Flux<DaemonReply> ok(Mono<Fields> result) {
        return shielded(result).<DaemonReply>map(DaemonReply.Ok::new).flux();
    }

    /**
     * Runs {@code work} so that a cancellation arriving once it produced its result (the client hung up
     * right after reading the reply) never reaches it: a finished command must not be rolled back. A
     * cancellation before the result (abort at stop) still cancels it.
     */
    static <T> Mono<T> shielded(Mono<T> work) {
        return Mono.create(sink -> {
            AtomicBoolean done = new AtomicBoolean();
            reactor.core.Disposable d = work.subscribe(
                    v -> {
                        done.set(true);
                        sink.success(v);
                    },
                    e -> {
                        done.set(true);
                        sink.error(e);
                    },
                    () -> {
                        done.set(true);
                        sink.success();
                    });
            sink.onCancel(() -> {
                if (!done.get()) {
                    d.dispose();
                }
            });
        });
    }

    private static Flux<DaemonReply> rows(Flux<Fields> rows) {
        return Flux.defer(() -> {
            AtomicLong n = new AtomicLong();
            return rows.<DaemonReply>map(r -> {
                n.incrementAndGet();
                return new DaemonReply.Row(r);
            }).concatWith(Mono.fromSupplier(() -> new DaemonReply.Ok(Fields.builder().put("count", n.get()).build())));
        });
    }

    private static Flux<DaemonReply> download(Flux<ByteBuffer> data) {
        return Flux.defer(() -> {
            AtomicLong n = new AtomicLong();
            // one block ahead: the connection's writability paces the stream, not a queue of 256 blocks
            return data.concatMapIterable(DaemonServer::chunks, 1)
                    .<DaemonReply>map(c -> {
                        n.addAndGet(c.length());
                        return c;
                    })
                    .concatWith(Mono.fromSupplier(() -> new DaemonReply.Ok(Fields.builder().put("size", n.get()).build())));
        });
    }

    /**
     * Cuts a buffer into data frames of at most {@link DaemonProtocol#DATA_CHUNK} bytes: ranges of its array
     * when it has one (the handler does not change a buffer once emitted), copies otherwise.
     */
    static java.util.List<DataChunk> chunks(ByteBuffer b) {
        java.util.List<DataChunk> out = new java.util.ArrayList<>();
        ByteBuffer src = b.duplicate();
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), DaemonProtocol.DATA_CHUNK);
            if (src.hasArray()) {
                out.add(new DataChunk(src.array(), src.arrayOffset() + src.position(), n));
                src.position(src.position() + n);
            } else {
                byte[] c = new byte[n];
                src.get(c);
                out.add(new DataChunk(c));
            }
        }
        return out;
    }

    /** The upload of a stream store: data frames until {@link DataEnd}; anything else is a protocol error. */
    private static Flux<ByteBuffer> upload(Flux<DaemonMessage> rest) {
        return Flux.defer(() -> {
            AtomicBoolean ended = new AtomicBoolean();
            return rest.<ByteBuffer>handle((m, sink) -> {
                if (m instanceof DataChunk d) {
                    sink.next(d.asByteBuffer());
                } else if (m instanceof DataEnd) {
                    ended.set(true);
                    sink.complete();
                } else if (m instanceof ProtocolViolation v) {
                    sink.error(new ProtocolException(v.reason()));
                } else {
                    sink.error(new ProtocolException("expected DATA or DATA_END during an upload, got " + m.type()));
                }
            }).concatWith(Mono.defer(() -> ended.get() ? Mono.empty()
                    : Mono.error(new ProtocolException("upload ended without DATA_END (client went away?)"))));
        });
    }

    private static String invalidPath(DaemonRequest r) {
        if (r instanceof DaemonRequest.Store s) {
            return !absolute(s.file()) ? s.file() : s.keyPath().filter(k -> !absolute(k)).orElse(null);
        }
        if (r instanceof DaemonRequest.Retrieve x) {
            return absolute(x.file()) ? null : x.file();
        }
        ObjectRef ref = r instanceof DaemonRequest.StoreStream x ? x.target()
                : r instanceof DaemonRequest.RetrieveStream x ? x.target()
                : r instanceof DaemonRequest.Rebuild x ? x.target()
                : r instanceof DaemonRequest.Check x ? x.target()
                : r instanceof DaemonRequest.Delete x ? x.target() : null;
        return ref != null && ref.kind() == ObjectRef.Kind.FILE && !absolute(ref.value()) ? ref.value() : null;
    }

    private static boolean absolute(String p) {
        try {
            return Path.of(p).isAbsolute();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Maps a failure to the error reply sent to the client. */
    static DaemonReply.Error toError(Throwable e) {
        if (e instanceof DaemonCommandException d) {
            if (d.getCause() != null) {
                LOG.debug("command failed: {}", oneLine(d), d.getCause());
            }
            return new DaemonReply.Error(d.kind(), oneLine(d));
        }
        if (e instanceof ProtocolException) {
            return new DaemonReply.Error(ErrorKind.PROTOCOL, oneLine(e));
        }
        if (e instanceof TimeoutException) {
            return new DaemonReply.Error(ErrorKind.TIMEOUT, oneLine(e));
        }
        LOG.debug("command failed", e);
        return new DaemonReply.Error(ErrorKind.FAILED, oneLine(e));
    }

    /** The exception's message on one line (its class name when it has none). */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** A command being served; can be aborted at stop, or when its idle clock expires. */
    private static final class InFlight {
        final Sinks.One<Boolean> abort = Sinks.one();
        final IdleDeadline deadline;
        volatile boolean aborted;
        volatile boolean timedOut;

        InFlight(IdleDeadline deadline) {
            this.deadline = deadline;
        }

        void abort() {
            aborted = true;
            abort.tryEmitValue(Boolean.TRUE);
        }

        void timeOut() {
            timedOut = true;
            abort.tryEmitValue(Boolean.TRUE);
        }
    }
}
