package io.zstor.transport.zdb.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running embedded 0-db-compatible server on reactor-netty TCP.
 *
 * <p>Start with {@link #start(ZdbServerOptions)}; the returned handle reports the bound {@link #port()} (useful
 * with port 0) and stops with {@link #stop()} or {@link #close()}, which also flushes and closes the
 * namespace files. Each server owns its event loops and a few I/O threads on which every command that
 * touches files runs, so netty's event loops never block (nor take a lock to hand work over).
 *
 * <p>Stopping is bounded and always ends with the files closed and the data directory unlocked, even while
 * clients hold connections with commands in flight: see {@link #close()}.
 */
public final class ZdbServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZdbServer.class);
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    /** Bound of each step of {@link #close()} that waits on another thread. */
    private static final Duration STOP_STEP = Duration.ofSeconds(5);

    private final DisposableServer server;
    private final ChannelGroup connections;
    private final LoopResources loops;
    private final IoWorkers io;
    private final NamespaceRegistry registry;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ZdbServer(DisposableServer server, ChannelGroup connections, LoopResources loops, IoWorkers io,
                      NamespaceRegistry registry) {
        this.server = server;
        this.connections = connections;
        this.loops = loops;
        this.io = io;
        this.registry = registry;
    }

    /**
     * Loads (or creates) the namespaces and binds the listening socket. Blocking: call it from a thread that
     * may block (main, test, or {@code Schedulers.boundedElastic()}).
     *
     * @throws UncheckedIOException when the data directories cannot be opened or are locked by another server
     */
    public static ZdbServer start(ZdbServerOptions options) {
        NamespaceRegistry registry;
        try {
            registry = NamespaceRegistry.open(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open zdb data: " + e.getMessage(), e);
        }
        int id = SERVER_IDS.incrementAndGet();
        int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        LoopResources loops = LoopResources.create("zdb-server-" + id, 1, workers, true);
        IoWorkers io = IoWorkers.start("zdb-server-" + id + "-io", workers * 2);
        // every accepted connection, so close() can end them itself (reactor-netty's dispose only closes the
        // listening socket); stayClosed: a connection accepted while closing is closed on arrival
        ChannelGroup connections = new DefaultChannelGroup("zdb-server-" + id, GlobalEventExecutor.INSTANCE, true);
        CommandProcessor processor = new CommandProcessor(options, registry, new Secrets());
        try {
            DisposableServer server = TcpServer.create()
                    .host(options.host())
                    .port(options.port())
                    .runOn(loops)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .doOnConnection(conn -> {
                        conn.addHandlerLast("zdb-decoder", new RespRequestDecoder());
                        conn.addHandlerLast("zdb-handler", new ZdbConnectionHandler(processor, io));
                        connections.add(conn.channel());
                        conn.channel().config().setAutoRead(true);
                    })
                    .handle((in, out) -> Mono.never())
                    .bindNow(Duration.ofSeconds(30));
            LOG.info("zdb server listening on {} ({})", server.address(), options);
            return new ZdbServer(server, connections, loops, io, registry);
        } catch (RuntimeException e) {
            connections.close();
            loops.dispose();
            io.stop(STOP_STEP);
            try {
                registry.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return address().getPort();
    }

    /** The bound socket address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.address();
    }

    /** Stops listening, closes connections, drains the I/O pool and closes the files; idempotent. */
    public Mono<Void> stop() {
        return Mono.fromRunnable(this::close).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /**
     * Blocking form of {@link #stop()}. In order: the listening socket closes; every accepted connection is
     * closed (clients see the end of the stream at once, and no connection hands more work to the I/O
     * threads); the event loops end; the I/O threads finish the commands already handed to them (at most one
     * per connection; their replies are dropped); the namespace files are flushed and closed and the data
     * directory unlocked. Each wait is bounded (5 s); one that overruns is logged and the next step runs
     * anyway, so the files are always closed. Only the final flush of the files has no bound of its own.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        server.dispose();
        await(server.onDispose(), "closing the listening socket");
        if (!connections.close().awaitUninterruptibly(STOP_STEP.toMillis())) {
            LOG.warn("zdb server {}: connections not all closed after {} ms", server.address(), STOP_STEP.toMillis());
        }
        await(loops.disposeLater(Duration.ZERO, STOP_STEP), "stopping the event loops");
        if (!io.stop(STOP_STEP)) {
            LOG.warn("zdb server {}: closing the files while a command still runs", server.address());
        }
        try {
            registry.close();
        } catch (IOException e) {
            LOG.warn("closing zdb data failed: {}", e.toString());
        }
        LOG.debug("zdb server {} stopped in {} ms", server.address(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private void await(Mono<Void> step, String what) {
        try {
            step.block(STOP_STEP.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.warn("zdb server {}: {} did not finish: {}", server.address(), what, e.toString());
        }
    }

    @Override
    public String toString() {
        return "ZdbServer[" + server.address() + "]";
    }
}
