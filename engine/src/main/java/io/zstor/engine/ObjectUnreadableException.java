package io.zstor.engine;

/** An object cannot be read back: too few valid pieces, failed decryption or corrupt data. No output file is left behind. */
public final class ObjectUnreadableException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public ObjectUnreadableException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public ObjectUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
