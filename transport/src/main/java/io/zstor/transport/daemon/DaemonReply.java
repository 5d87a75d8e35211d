package io.zstor.transport.daemon;

import java.util.Objects;

/**
 * A frame the daemon sends back: any number of {@link Progress}, {@link Row} or {@link DataChunk} frames,
 * then exactly one terminal {@link Ok} or {@link Error}, after which the daemon closes the connection.
 */
public sealed interface DaemonReply extends DaemonMessage permits DaemonReply.Ok, DaemonReply.Error,
        DaemonReply.Progress, DaemonReply.Row, DataChunk {

    /** Whether this reply ends the exchange. */
    default boolean terminal() {
        return false;
    }

    /**
     * The command succeeded.
     *
     * @param result command-specific result fields
     */
    record Ok(Fields result) implements DaemonReply {
        /** Validates. */
        public Ok {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public MessageType type() {
            return MessageType.OK;
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /**
     * The command failed.
     *
     * @param kind the failure class
     * @param message one-line, secret-free description
     */
    record Error(ErrorKind kind, String message) implements DaemonReply {
        /** Validates. */
        public Error {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public MessageType type() {
            return MessageType.ERROR;
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /**
     * Progress of the running command, for the CLI's progress bar. Lossy: a slow reader may miss some.
     *
     * @param bytesDone bytes processed so far
     * @param bytesTotal total bytes, or -1 when unknown
     */
    record Progress(long bytesDone, long bytesTotal) implements DaemonReply {
        @Override
        public MessageType type() {
            return MessageType.PROGRESS;
        }
    }

    /**
     * One row of a listing ({@code list}, {@code status}, {@code failures}).
     *
     * @param fields the row
     */
    record Row(Fields fields) implements DaemonReply {
        /** Validates. */
        public Row {
            Objects.requireNonNull(fields, "fields");
        }

        @Override
        public MessageType type() {
            return MessageType.ROW;
        }
    }
}
