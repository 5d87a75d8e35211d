package io.zstor.transport.daemon;

/** {@link DaemonServer#start} refused to start because another daemon serves (or guards) the same socket. */
public final class DaemonAlreadyRunningException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public DaemonAlreadyRunningException(String message) {
        super(message);
    }
}
