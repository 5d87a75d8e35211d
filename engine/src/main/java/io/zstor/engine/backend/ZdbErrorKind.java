package io.zstor.engine.backend;

/** Why a backend operation failed; drives retries, placement and the user-facing message. */
public enum ZdbErrorKind {
    /** Could not connect, or the connection broke. */
    UNREACHABLE,
    /** Wrong namespace password ({@code Access denied}) or a protected, private namespace. */
    AUTHENTICATION_FAILED,
    /** {@code Namespace not found}. */
    NAMESPACE_NOT_FOUND,
    /** {@code No space left on this namespace}. */
    NAMESPACE_FULL,
    /** The value exceeds the 0-db limit of 8 MiB. */
    VALUE_TOO_LARGE,
    /** No reply within the command timeout. */
    TIMEOUT,
    /** The namespace is in the wrong mode (sequential vs user-key). */
    WRONG_MODE,
    /** The namespace is read-only, locked, frozen or in worm mode. */
    READ_ONLY,
    /** The reply did not follow the protocol. */
    PROTOCOL,
    /** Any other server error reply. */
    SERVER_ERROR
}
