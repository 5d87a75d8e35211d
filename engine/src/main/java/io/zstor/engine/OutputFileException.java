package io.zstor.engine;

/**
 * A retrieved object could not be written to its output file: the disk is full, the directory is not
 * writable, the rename failed. The data itself was readable; the temporary file is removed, so nothing
 * partial is left at the target path or beside it.
 */
public final class OutputFileException extends ZstorException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the output file and the reason
     *  @param cause the I/O error */
    public OutputFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
