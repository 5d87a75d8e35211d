package io.zstor.transport.zdb.server;

import io.netty.channel.ChannelOption;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running embedded 0-db-compatible server on reactor-netty TCP.
 *
 * <p>Start with {@link #start(ZdbServerOptions)}; the returned handle reports the bound {@link #port()} (useful
 * with port 0) and stops with {@link #stop()} or {@link #close()}, which also flushes and closes the
 * namespace files. Each server owns its event loops and a small I/O thread pool on which every command that
 * touches files runs, so netty's event loops never block.
 */
public final class ZdbServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZdbServer.class);
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    private final DisposableServer server;
    private final LoopResources loops;
    private final ExecutorService ioExecutor;
    private final NamespaceRegistry registry;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ZdbServer(DisposableServer server, LoopResources loops, ExecutorService ioExecutor,
                      NamespaceRegistry registry) {
        this.server = server;
        this.loops = loops;
        this.ioExecutor = ioExecutor;
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
        AtomicInteger threads = new AtomicInteger();
        // lock-free hand-off queue: event loops submit without ever parking on a queue lock (BlockHound-clean)
        ThreadPoolExecutor io = new ThreadPoolExecutor(workers * 2, workers * 2, 30, TimeUnit.SECONDS,
                new LinkedTransferQueue<>(), r -> {
                    Thread t = new Thread(r, "zdb-server-" + id + "-io-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        io.allowCoreThreadTimeOut(true);
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
                        conn.channel().config().setAutoRead(true);
                    })
                    .handle((in, out) -> Mono.never())
                    .bindNow(Duration.ofSeconds(30));
            LOG.info("zdb server listening on {} ({})", server.address(), options);
            return new ZdbServer(server, loops, io, registry);
        } catch (RuntimeException e) {
            io.shutdownNow();
            loops.dispose();
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

    /** Blocking form of {@link #stop()}. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        server.disposeNow(Duration.ofSeconds(10));
        ioExecutor.shutdown();
        try {
            if (!ioExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                ioExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        try {
            registry.close();
        } catch (IOException e) {
            LOG.warn("closing zdb data failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "ZdbServer[" + server.address() + "]";
    }
}
