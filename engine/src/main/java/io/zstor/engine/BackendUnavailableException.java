package io.zstor.engine;

/** {@code test} found backends that do not answer or are in the wrong mode, or a policy that cannot be met. */
public final class BackendUnavailableException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming every failing backend */
    public BackendUnavailableException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
