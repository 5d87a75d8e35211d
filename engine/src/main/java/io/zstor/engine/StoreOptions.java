package io.zstor.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a file store.
 *
 * @param keyPath {@code --key-path}: compute the key as if the file lived in this directory
 * @param skipUnchanged skip the upload when metadata with the same checksum exists (the original's default)
 */
public record StoreOptions(Optional<Path> keyPath, boolean skipUnchanged) {

    /** The defaults: key from the file's own path, skip unchanged files. */
    public static final StoreOptions DEFAULTS = new StoreOptions(Optional.empty(), true);

    /** Checks presence. */
    public StoreOptions {
        Objects.requireNonNull(keyPath, "keyPath");
    }

    /** Same options with a key path directory. */
    public StoreOptions withKeyPath(Path dir) {
        return new StoreOptions(Optional.of(dir), skipUnchanged);
    }
}
