package io.zstor.engine;

/** No metadata exists for the requested object key. */
public final class ObjectNotFoundException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public ObjectNotFoundException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
