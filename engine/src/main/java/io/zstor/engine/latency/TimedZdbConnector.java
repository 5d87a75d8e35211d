package io.zstor.engine.latency;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbNamespace;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@link ZdbConnector} decorator that reports the duration of every namespace open ({@link ZdbOp#CONNECT})
 * and of every command on the namespaces it opens to a {@link BackendLatencyListener}. The engine wraps its
 * connector with it, so every command it sends is timed whatever the transport.
 */
public final class TimedZdbConnector implements ZdbConnector {

    private final ZdbConnector delegate;
    private final BackendLatencyListener listener;

    private TimedZdbConnector(ZdbConnector delegate, BackendLatencyListener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    /**
     * {@code connector} timed into {@code listener}; {@code connector} itself when the listener is
     * {@link BackendLatencyListener#NONE}, so an uninstrumented engine pays nothing.
     */
    public static ZdbConnector wrap(ZdbConnector connector, BackendLatencyListener listener) {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(listener, "listener");
        return listener == BackendLatencyListener.NONE ? connector : new TimedZdbConnector(connector, listener);
    }

    @Override
    public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode expectedMode) {
        return Timing.mono(delegate.open(spec, expectedMode),
                        (outcome, nanos) -> listener.record(spec, expectedMode, ZdbOp.CONNECT, outcome, nanos))
                .map(ns -> new TimedZdbNamespace(ns, expectedMode, listener));
    }

    @Override
    public Mono<Void> close() {
        return delegate.close();
    }

    @Override
    public String toString() {
        return "Timed" + delegate;
    }
}
