package io.zstor.engine;

/** The metadata store cannot serve the request: writes need all four metadata backends, reads need two. */
public final class MetadataUnavailableException extends ZstorException {
    private static final long serialVersionUID = 1L;

    private final boolean partlyWritten;

    /** @param message one line */
    public MetadataUnavailableException(String message) {
        this(message, null, false);
    }

    /** @param message one line
     *  @param cause the underlying error */
    public MetadataUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param message one line
     *  @param cause the underlying error
     *  @param partlyWritten see {@link #partlyWritten()} */
    public MetadataUnavailableException(String message, Throwable cause, boolean partlyWritten) {
        super(message, cause);
        this.partlyWritten = partlyWritten;
    }

    /**
     * True when a failed write reached, or may still reach, two or more metadata backends: readers may then see
     * the new record, so whatever it points at must be kept. False for every other failure: the record as it
     * was before the write is what readers see.
     */
    public boolean partlyWritten() {
        return partlyWritten;
    }
}
