package io.zstor.engine;

/** The retrieved bytes do not match the BLAKE2b-128 checksum recorded at store time. */
public final class ChecksumMismatchException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public ChecksumMismatchException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
