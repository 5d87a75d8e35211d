package io.zstor.transport.metrics;

import java.util.Objects;

/**
 * Identifies a backend in the original's label set A: {@code address}, {@code namespace} (empty when
 * none), {@code backend_type}. Never carries a password.
 *
 * @param address socket address as text, e.g. {@code 10.0.0.1:9900} or {@code [2a02::1]:9900}
 * @param namespace the namespace, empty for the default one
 * @param type data or meta
 */
public record BackendKey(String address, String namespace, BackendType type) {

    /** Validates. */
    public BackendKey {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
    }
}
