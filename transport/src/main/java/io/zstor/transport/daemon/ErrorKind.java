package io.zstor.transport.daemon;

/**
 * Why a command failed, as carried by an {@link DaemonReply.Error error reply}. The CLI maps kinds to
 * exit codes and messages; the set may grow, unknown codes decode as {@link #FAILED}.
 */
public enum ErrorKind {
    /** The peer broke the protocol (bad magic, version, type, length or payload). */
    PROTOCOL(1),
    /** The request was well-formed but invalid (e.g. a relative path, a missing option). */
    BAD_REQUEST(2),
    /** The object does not exist. */
    NOT_FOUND(3),
    /** The command ran and failed (storage, metadata, codec error). */
    FAILED(4),
    /** Backends needed for the command are unavailable (retrying later may succeed). */
    UNAVAILABLE(5),
    /** The daemon is overloaded (e.g. the non-blocking store queue is full). */
    BUSY(6),
    /** The daemon is stopping and does not accept commands. */
    SHUTTING_DOWN(7),
    /** The command was aborted because the daemon stopped before it finished. */
    ABORTED(8),
    /** The command took longer than allowed. */
    TIMEOUT(9),
    /** A bug in the daemon. */
    INTERNAL(10);

    private final int code;

    ErrorKind(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The kind for a wire code; unknown codes map to {@link #FAILED}. */
    public static ErrorKind of(int code) {
        for (ErrorKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return FAILED;
    }
}
