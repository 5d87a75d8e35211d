package io.zstor.transport.daemon;

import java.nio.file.Path;

/**
 * Nothing answers on the configured daemon socket. The CLI shows the message as is; it never falls back
 * to running the command in-process (a configured socket means the user wants the daemon).
 */
public final class DaemonUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    /** Creates the exception for a socket. */
    public DaemonUnavailableException(Path socket, Throwable cause) {
        super("no zstor daemon answers on " + socket + ": start `zstor monitor`", cause);
        this.socket = socket;
    }

    /** The socket that was tried. */
    public Path socket() {
        return socket;
    }
}
