package io.zstor.engine;

/**
 * Base of the engine's typed errors. Messages are one line, name the object or backend concerned, and never
 * contain keys or passwords.
 */
public abstract class ZstorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line
     *  @param cause the underlying error, may be null */
    protected ZstorException(String message, Throwable cause) {
        super(message, cause);
    }
}
