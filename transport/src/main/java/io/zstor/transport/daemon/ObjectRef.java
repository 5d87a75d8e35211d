package io.zstor.transport.daemon;

import java.util.Objects;

/**
 * Names a stored object either by a local file path (the daemon computes the key as the original does) or
 * by its raw metadata key.
 *
 * @param kind how {@code value} is to be read
 * @param value an absolute file path or a key
 */
public record ObjectRef(Kind kind, String value) {

    /** How an {@link ObjectRef} names its object. */
    public enum Kind {
        /** {@code value} is an absolute local path. */
        FILE,
        /** {@code value} is a metadata key. */
        KEY
    }

    /** Validates. */
    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** A reference by absolute file path. */
    public static ObjectRef file(String path) {
        return new ObjectRef(Kind.FILE, path);
    }

    /** A reference by key. */
    public static ObjectRef key(String key) {
        return new ObjectRef(Kind.KEY, key);
    }
}
