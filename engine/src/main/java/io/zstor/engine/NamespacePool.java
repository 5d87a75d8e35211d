package io.zstor.engine;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens each backend namespace once through the {@link ZdbConnector} and shares the open
 * {@link ZdbNamespace} between all operations (implementations pipeline concurrent commands). A failed open
 * is not cached, so the next call tries again.
 *
 * <p>{@link #invalidate} reports a failure that may mean a broken connection. Because the namespace is
 * shared, it is not dropped on one operation's word: a slow reply, a caller's own deadline or the stale
 * failure of an instance dropped earlier would otherwise close it under every operation using it, which then
 * failed ("connection closed by the client") and invalidated in turn, closing the next instance too. Instead
 * the namespace is checked with a {@code PING}; only when that fails, or gets no answer within the probe
 * timeout, is it dropped and closed, so the next {@link #open} reconnects.
 */
public final class NamespacePool {

    /** How long a namespace reported broken has to answer {@code PING} before it is dropped, by default. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(NamespacePool.class);

    private record Slot(BackendSpec spec, NamespaceMode mode) {
    }

    private final ZdbConnector connector;
    private final Duration probeTimeout;
    private final ConcurrentMap<Slot, Entry> open = new ConcurrentHashMap<>();

    /** @param connector opens namespaces (TCP in production, in memory in tests) */
    public NamespacePool(ZdbConnector connector) {
        this(connector, DEFAULT_PROBE_TIMEOUT);
    }

    /**
     * @param connector    opens namespaces (TCP in production, in memory in tests)
     * @param probeTimeout how long a namespace reported broken has to answer {@code PING} before it is dropped
     */
    public NamespacePool(ZdbConnector connector, Duration probeTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout");
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probeTimeout must be positive, got " + probeTimeout);
        }
    }

    /** The open namespace of {@code spec} in {@code mode}, connecting on first use. */
    public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode mode) {
        Slot slot = new Slot(spec, mode);
        return Mono.defer(() -> open.computeIfAbsent(slot, Entry::new).namespace);
    }

    /**
     * Reports that an operation on the namespace of {@code spec} failed in a way that may mean a broken
     * connection (unreachable, timed out). Checks the namespace currently open for it with a {@code PING} in
     * the background; if that fails or is not answered within the probe timeout, the namespace is dropped and
     * closed and the next {@link #open} reconnects. A namespace that answers stays open for every operation
     * sharing it. At most one check runs per namespace; reports made meanwhile join it.
     */
    public void invalidate(BackendSpec spec, NamespaceMode mode) {
        Entry entry = open.get(new Slot(spec, mode));
        if (entry == null || !entry.probing.compareAndSet(false, true)) {
            return;
        }
        entry.namespace
                .flatMap(ns -> ns.ping().timeout(probeTimeout, Mono.error(() -> new ZdbException(ZdbErrorKind.TIMEOUT,
                        spec.displayName(), "PING: no reply within " + probeTimeout.toMillis() + " ms"))))
                .subscribe(ok -> { },
                        e -> {
                            drop(entry, e);
                            entry.probing.set(false);
                        },
                        () -> entry.probing.set(false));
    }

    /** Closes every namespace opened through this pool (not the connector). */
    public Mono<Void> close() {
        List<Entry> all = new ArrayList<>(open.values());
        open.clear();
        return Flux.fromIterable(all)
                .flatMap(e -> e.namespace.flatMap(ZdbNamespace::close).onErrorResume(x -> Mono.empty()))
                .then();
    }

    /** Forgets {@code entry} if it is still the slot's namespace, and closes it in the background. */
    private void drop(Entry entry, Throwable why) {
        if (open.remove(entry.slot, entry)) {
            LOG.info("closing the {} namespace of {}, the next use reconnects: {}", entry.slot.mode().nsinfoName(),
                    entry.slot.spec().displayName(), why.getMessage());
            entry.namespace.flatMap(ZdbNamespace::close).onErrorResume(e -> Mono.empty()).subscribe();
        }
    }

    /** One slot's namespace (opened once, on first subscription) and whether a check of it is running. */
    private final class Entry {

        final Slot slot;
        final Mono<ZdbNamespace> namespace;
        final AtomicBoolean probing = new AtomicBoolean();

        Entry(Slot slot) {
            this.slot = slot;
            this.namespace = connector.open(slot.spec(), slot.mode())
                    .doOnError(e -> open.remove(slot, this))
                    .cache();
        }
    }
}
