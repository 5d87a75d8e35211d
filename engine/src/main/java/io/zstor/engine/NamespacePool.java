package io.zstor.engine;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens each backend namespace once through the {@link ZdbConnector} and shares the open
 * {@link ZdbNamespace} between all operations (implementations pipeline concurrent commands). A failed open
 * is not cached, so the next call tries again; {@link #invalidate} drops a namespace whose connection broke.
 */
public final class NamespacePool {

    private record Slot(BackendSpec spec, NamespaceMode mode) {
    }

    private final ZdbConnector connector;
    private final ConcurrentMap<Slot, Mono<ZdbNamespace>> open = new ConcurrentHashMap<>();

    /** @param connector opens namespaces (TCP in production, in memory in tests) */
    public NamespacePool(ZdbConnector connector) {
        this.connector = connector;
    }

    /** The open namespace of {@code spec} in {@code mode}, connecting on first use. */
    public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode mode) {
        Slot slot = new Slot(spec, mode);
        return Mono.defer(() -> open.computeIfAbsent(slot, s -> {
            java.util.concurrent.atomic.AtomicReference<Mono<ZdbNamespace>> self = new java.util.concurrent.atomic.AtomicReference<>();
            Mono<ZdbNamespace> cached = connector.open(spec, mode)
                    .doOnError(e -> open.remove(s, self.get()))
                    .cache();
            self.set(cached);
            return cached;
        }));
    }

    /** Forgets (and closes in the background) the namespace of {@code spec}, e.g. after a broken connection. */
    public void invalidate(BackendSpec spec, NamespaceMode mode) {
        Mono<ZdbNamespace> cached = open.remove(new Slot(spec, mode));
        if (cached != null) {
            cached.flatMap(ZdbNamespace::close).onErrorResume(e -> Mono.empty()).subscribe();
        }
    }

    /** Closes every namespace opened through this pool (not the connector). */
    public Mono<Void> close() {
        List<Mono<ZdbNamespace>> all = new ArrayList<>(open.values());
        open.clear();
        return Flux.fromIterable(all)
                .flatMap(m -> m.flatMap(ZdbNamespace::close).onErrorResume(e -> Mono.empty()))
                .then();
    }
}
