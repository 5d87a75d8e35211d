package io.zstor.engine.backend;

import reactor.core.publisher.Mono;

/**
 * Opens namespaces. Implemented by the transport module (TCP) and by in-memory fakes in tests.
 */
public interface ZdbConnector {

    /**
     * Connects, selects the namespace (with its password when set) and checks that NSINFO reports the
     * expected mode.
     *
     * @throws ZdbException (as the Mono's error) typed by {@link ZdbErrorKind}
     */
    Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode expectedMode);

    /** Closes every connection this connector opened and its resources (event loops). */
    Mono<Void> close();
}
