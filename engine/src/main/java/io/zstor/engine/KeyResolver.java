package io.zstor.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps CLI paths to object keys with the original's rules. A store canonicalises {@code keyDir/<file name>}
 * (absolute, symlinks resolved; unlike the original it never creates a temporary file for that), a
 * retrieve/check/rebuild path is only cleaned lexically; then the configured {@code root} is stripped.
 * Without a root the key is the absolute path string.
 */
public final class KeyResolver {

    private final Optional<Path> root;

    /** @param root the configured virtual root */
    public KeyResolver(Optional<Path> root) {
        this.root = root.map(r -> r.toAbsolutePath().normalize());
    }

    /**
     * The key of a file being stored. Touches the file system: call it off reactor threads.
     *
     * @param keyDir {@code --key-path}: compute the key as if the file lived there
     */
    public String storeKey(Path file, Optional<Path> keyDir) {
        Path name = file.getFileName();
        if (name == null) {
            throw new InvalidKeyException("cannot store " + file + ": it has no file name");
        }
        Path dir = keyDir.orElseGet(() -> {
            Path parent = file.toAbsolutePath().getParent();
            return parent == null ? Path.of("/") : parent;
        });
        Path canonical;
        try {
            Path candidate = dir.resolve(name.toString());
            canonical = Files.exists(candidate) ? candidate.toRealPath() : dir.toRealPath().resolve(name.toString());
        } catch (IOException e) {
            throw new InvalidKeyException("key path directory " + dir + " does not exist", e);
        }
        if (root.isPresent() && !canonical.startsWith(root.get())) {
            throw new InvalidKeyException("attempting to store file which is not in the file tree rooted at " + root.get());
        }
        return strip(canonical);
    }

    /** The key of a path given to retrieve, check or rebuild: lexical clean, then root stripped. */
    public String lookupKey(Path path) {
        Path clean = path.normalize();
        if (root.isPresent() && !clean.startsWith(root.get())) {
            throw new InvalidKeyException("could not strip path prefix " + root.get() + " from " + clean);
        }
        return strip(clean);
    }

    /** Where the object of {@code key} is written by a retrieve: {@code root/key}, or the key path itself. */
    public Path pathFor(String key) {
        return root.map(r -> r.resolve(key)).orElse(Path.of(key));
    }

    private String strip(Path path) {
        return root.map(r -> r.relativize(path).toString()).orElse(path.toString());
    }
}
