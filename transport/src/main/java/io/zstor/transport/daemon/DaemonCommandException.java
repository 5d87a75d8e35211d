package io.zstor.transport.daemon;

import java.util.Objects;

/**
 * A command failure with an explicit {@link ErrorKind}: thrown (as an error signal) by a
 * {@link DaemonHandler} to control the kind of the error reply, and raised by the {@link DaemonClient}
 * when the daemon answers with an {@link DaemonReply.Error error reply}. The message is one line and never
 * carries secrets.
 */
public final class DaemonCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /** Creates the exception. */
    public DaemonCommandException(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Creates the exception with a cause (kept for logs, not sent on the wire). */
    public DaemonCommandException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The failure class. */
    public ErrorKind kind() {
        return kind;
    }
}
