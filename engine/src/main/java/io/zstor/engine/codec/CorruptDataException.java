package io.zstor.engine.codec;

/** Encoded data (compressed stream, metadata record, piece) does not decode: it is corrupt or truncated. */
public final class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what is corrupt */
    public CorruptDataException(String message) {
        super(message);
    }

    /** @param message one line saying what is corrupt
     *  @param cause the decoder's own error */
    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
