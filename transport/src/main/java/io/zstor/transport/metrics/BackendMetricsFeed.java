package io.zstor.transport.metrics;

import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.config.GroupConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Feeds the original's per-backend series ({@code connection_status}, {@code entries},
 * {@code data_size_bytes}, ...) from an NSINFO round over every backend of the engine's current config, on an
 * interval. Backends that left the config (hot reload) lose their series.
 */
public final class BackendMetricsFeed implements AutoCloseable {

    private final Zstor engine;
    private final ZstorMetrics metrics;
    private final Set<BackendKey> known = new HashSet<>();
    private Disposable timer;

    /** A feed for {@code engine} into {@code metrics}; call {@link #start(Duration)}. */
    public BackendMetricsFeed(Zstor engine, ZstorMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    /** Runs a round now and then every {@code interval}. */
    public BackendMetricsFeed start(Duration interval) {
        timer = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(t -> round(), 1)
                .subscribe();
        return this;
    }

    /** One NSINFO round over every backend; completes when every backend answered or failed. */
    public Mono<Void> round() {
        List<BackendSpec> meta = engine.config().meta().backends();
        List<BackendSpec> data = engine.config().groups().stream().map(GroupConfig::backends).flatMap(List::stream).toList();
        Set<BackendKey> current = new HashSet<>();
        Flux<Void> all = Flux.concat(
                Flux.fromIterable(meta).map(s -> probe(s, BackendType.META, NamespaceMode.USER, current)),
                Flux.fromIterable(data).map(s -> probe(s, BackendType.DATA, NamespaceMode.SEQUENTIAL, current)))
                .flatMap(m -> m, 16);
        return all.then(Mono.fromRunnable(() -> {
            synchronized (known) {
                for (BackendKey gone : known) {
                    if (!current.contains(gone)) {
                        metrics.backendRemoved(gone);
                    }
                }
                known.clear();
                known.addAll(current);
            }
        }));
    }

    private Mono<Void> probe(BackendSpec spec, BackendType type, NamespaceMode mode, Set<BackendKey> current) {
        BackendKey key = new BackendKey(spec.address(), spec.namespaceName(), type);
        synchronized (current) {
            current.add(key);
        }
        return engine.namespaces().open(spec, mode)
                .flatMap(ZdbNamespace::info)
                .doOnNext(info -> metrics.backendHealthy(key, info))
                .onErrorResume(e -> {
                    metrics.backendUnreachable(key);
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.dispose();
        }
    }
}
