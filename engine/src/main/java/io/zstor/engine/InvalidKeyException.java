package io.zstor.engine;

/** A path cannot be turned into an object key, for example because it lies outside the configured root. */
public final class InvalidKeyException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public InvalidKeyException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
