package io.zstor.engine;

/** Storing an object failed; nothing was committed and orphaned pieces were removed best-effort. */
public final class StoreFailedException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public StoreFailedException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
