package io.zstor.cli.session;

import io.zstor.engine.ProgressListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a CLI command can ask of zstor, whether the engine runs in this process or in the daemon behind the
 * socket. Every method blocks the calling (main) thread until the operation completes or fails; failures
 * are exceptions whose message is one line fit for the user.
 */
public interface ZstorSession extends AutoCloseable {

    /** Stores one regular file; {@code keyPath} makes the key as if the file lived in that directory. */
    Stored store(Path file, Optional<Path> keyPath, boolean blocking, ProgressListener progress);

    /** Stores a stream (standard input) as if it were the file at {@code asPath}. */
    Stored store(Path asPath, InputStream data, ProgressListener progress);

    /** Retrieves the object stored for {@code file} into {@code out} (temp file + rename). */
    Retrieved retrieve(Path file, Path out, ProgressListener progress);

    /** Retrieves the object stored for {@code file} onto a stream (standard output). */
    Retrieved retrieve(Path file, OutputStream out, ProgressListener progress);

    /** Rebuilds the object of a path or of a raw key; returns a one-line summary. */
    String rebuild(Optional<Path> file, Optional<String> key);

    /** The checksum hex of the stored object, empty when there is none. */
    Optional<String> check(Path file);

    /** Deletes an object by path or key; false when there was nothing to delete. */
    boolean delete(Optional<Path> file, Optional<String> key);

    /** Every stored object. */
    List<Listed> list();

    /** One row per backend, metadata backends first. */
    List<BackendRow> status();

    /** Checks every backend answers and the redundancy policy is satisfiable; throws naming the failures. */
    void test();

    /** Records a failed store so it can be listed and retried. */
    void saveFailure(String key, String reason);

    /** The recorded failures. */
    List<Failure> failures();

    @Override
    void close();

    /** A stored object. */
    record Stored(String key, long size, String checksum, boolean queued) {
    }

    /** A retrieved object. */
    record Retrieved(String key, long size, String checksum) {
    }

    /** One object of {@code list}. */
    record Listed(String key, long size, String checksum, long storedAtMillis) {
    }

    /** One row of {@code status}: never carries a password. */
    record BackendRow(String kind, String backend, boolean reachable, String state, long objects,
                      long usedBytes, long freeBytes) {
        /** The row as a JSON-ready map. */
        public Map<String, Object> toMap() {
            return Map.of("kind", kind, "backend", backend, "reachable", reachable, "state", state,
                    "objects", objects, "used_bytes", usedBytes, "free_bytes", freeBytes);
        }
    }

    /** A recorded store failure. */
    record Failure(String key, String reason, long atMillis, int attempts) {
    }
}
