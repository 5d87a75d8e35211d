package io.zstor.engine.reload;

import io.zstor.engine.ZstorException;

/** A new config was refused; the running config stays in force. The message is one line, without secrets. */
public final class ReloadRejectedException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the problem */
    public ReloadRejectedException(String message) {
        super(message, null);
    }

    /** @param message one line naming the problem
     *  @param cause the underlying error */
    public ReloadRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
