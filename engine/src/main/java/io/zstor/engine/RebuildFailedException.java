package io.zstor.engine;

/** Rebuilding an object failed; its previous metadata and pieces are untouched. */
public final class RebuildFailedException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public RebuildFailedException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public RebuildFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
