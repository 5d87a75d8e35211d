package io.zstor.transport.daemon;

/** A frame or exchange that breaks the daemon protocol; the message is one line naming what was wrong. */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
