package io.zstor.engine.backend;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a 0-db namespace lives: {@code address} ({@code host:port}, {@code [v6]:port}), an optional
 * namespace (absent means the default namespace, no SELECT) and an optional password.
 *
 * <p>{@link #toString()} shows address and namespace only, never the password. Equality includes the
 * password, so two specs for the same namespace with different passwords are different backends.
 */
public record BackendSpec(String address, Optional<String> namespace, Optional<Secret> password) {

    /** Validates presence of the parts; the address syntax is checked by the config loader. */
    public BackendSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(password, "password");
    }

    /** A spec without password. */
    public static BackendSpec of(String address, String namespace) {
        return new BackendSpec(address, Optional.ofNullable(namespace), Optional.empty());
    }

    /** The namespace name as 0-db calls it ({@code default} when none is configured). */
    public String namespaceName() {
        return namespace.orElse("default");
    }

    /** {@code address - namespace}, as the original prints backends. */
    public String displayName() {
        return address + " - " + namespaceName();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
