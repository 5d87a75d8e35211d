package io.zstor.engine;

/** The metadata store cannot serve the request: writes need all four metadata backends, reads need two. */
public final class MetadataUnavailableException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public MetadataUnavailableException(String message) {
        super(message, null);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public MetadataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
