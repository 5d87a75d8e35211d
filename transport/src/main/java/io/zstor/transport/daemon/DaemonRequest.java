package io.zstor.transport.daemon;

import java.util.Objects;
import java.util.Optional;

/**
 * A command sent by the CLI to the daemon; the first frame of every connection. File paths travel as
 * absolute paths (the client resolves them against its own working directory, so the daemon's working
 * directory never matters, unlike the original).
 */
public sealed interface DaemonRequest extends DaemonMessage {

    /**
     * Stores a local file (or, as the original, every regular file of a directory).
     *
     * @param file absolute path of the file
     * @param keyPath {@code --key-path}: compute the key as if the file lived in this directory
     * @param saveFailure {@code --save-failure}: record a failure when the store fails
     * @param delete {@code --delete}: delete the local file once stored
     * @param blocking false for {@code --notblocking}: acknowledge at once, store in the background
     */
    record Store(String file, Optional<String> keyPath, boolean saveFailure, boolean delete, boolean blocking)
            implements DaemonRequest {
        /** Validates. */
        public Store {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(keyPath, "keyPath");
        }

        @Override
        public MessageType type() {
            return MessageType.STORE;
        }
    }

    /**
     * Stores the bytes of the {@link DataChunk} frames that follow (ended by {@link DataEnd}), e.g. stdin.
     *
     * @param target the object to store: a key, or a file path the key is computed from
     */
    record StoreStream(ObjectRef target) implements DaemonRequest {
        /** Validates. */
        public StoreStream {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public MessageType type() {
            return MessageType.STORE_STREAM;
        }
    }

    /**
     * Retrieves an object into the file its key is computed from.
     *
     * @param file absolute path to restore
     */
    record Retrieve(String file) implements DaemonRequest {
        /** Validates. */
        public Retrieve {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public MessageType type() {
            return MessageType.RETRIEVE;
        }
    }

    /**
     * Retrieves an object as {@link DataChunk} frames (e.g. to stdout).
     *
     * @param target the object
     */
    record RetrieveStream(ObjectRef target) implements DaemonRequest {
        /** Validates. */
        public RetrieveStream {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public MessageType type() {
            return MessageType.RETRIEVE_STREAM;
        }
    }

    /**
     * Re-encodes an object onto healthy backends.
     *
     * @param target the object
     */
    record Rebuild(ObjectRef target) implements DaemonRequest {
        /** Validates. */
        public Rebuild {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public MessageType type() {
            return MessageType.REBUILD;
        }
    }

    /**
     * Looks up the stored checksum of an object.
     *
     * @param target the object
     */
    record Check(ObjectRef target) implements DaemonRequest {
        /** Validates. */
        public Check {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public MessageType type() {
            return MessageType.CHECK;
        }
    }

    /**
     * Deletes an object (metadata and pieces).
     *
     * @param target the object
     */
    record Delete(ObjectRef target) implements DaemonRequest {
        /** Validates. */
        public Delete {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public MessageType type() {
            return MessageType.DELETE;
        }
    }

    /** Lists the stored objects. */
    record ListObjects() implements DaemonRequest {
        @Override
        public MessageType type() {
            return MessageType.LIST;
        }
    }

    /** Reports the state of every backend. */
    record Status() implements DaemonRequest {
        @Override
        public MessageType type() {
            return MessageType.STATUS;
        }
    }

    /** Lists the recorded failures. */
    record Failures() implements DaemonRequest {
        @Override
        public MessageType type() {
            return MessageType.FAILURES;
        }
    }

    /** Tests connectivity of every backend. */
    record Test() implements DaemonRequest {
        @Override
        public MessageType type() {
            return MessageType.TEST;
        }
    }
}
