package io.zstor.transport.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Serves {@code GET /metrics} in the Prometheus text format 0.0.4 on {@code prometheus_port}: the
 * registry's scrape followed by {@link ZstorMetrics#originalSeries()}. Other paths answer 404, other
 * methods on {@code /metrics} 405. A bind failure is an exception at start (the original aborted the
 * process later, from a background task).
 */
public final class MetricsServer implements AutoCloseable {

    /** The content type of the text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final DisposableServer server;

    private MetricsServer(DisposableServer server) {
        this.server = server;
    }

    /**
     * Binds and serves. Blocking until bound: call from the main thread.
     *
     * @param host address to listen on, e.g. {@code "::"} (all, as the original) or {@code "127.0.0.1"}
     * @param port the port, 0 for an ephemeral one
     * @param registry the registry to scrape
     * @param metrics the zstor metrics whose original-named counters are appended
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry, ZstorMetrics metrics) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(metrics, "metrics");
        DisposableServer s = HttpServer.create()
                .host(host)
                .port(port)
                .route(r -> r
                        .get("/metrics", (req, res) -> res
                                .header("Content-Type", CONTENT_TYPE)
                                .sendString(Mono.fromCallable(() -> registry.scrape() + metrics.originalSeries())
                                        .subscribeOn(Schedulers.boundedElastic())))
                        .route(req -> "/metrics".equals(req.path()) || "metrics".equals(req.path()),
                                (req, res) -> res.status(HttpResponseStatus.METHOD_NOT_ALLOWED).header("Allow", "GET").send())
                        .route(req -> true, (req, res) -> res.status(HttpResponseStatus.NOT_FOUND).send()))
                .bindNow(Duration.ofSeconds(10));
        LOG.info("metrics served on http://{}:{}/metrics", host, s.port());
        return new MetricsServer(s);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
