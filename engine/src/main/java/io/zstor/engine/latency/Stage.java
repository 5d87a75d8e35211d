package io.zstor.engine.latency;

import java.util.Locale;

/** The timed stages of the data path; the {@code stage} label of the stage latency series. */
public enum Stage {
    /** Compress, encrypt and Reed-Solomon encode one block (CPU). */
    ENCODE,
    /** Reconstruct when pieces are missing, decrypt and uncompress one block (CPU). */
    DECODE,
    /** Write every piece of one block to its backend (the whole fan-out, until the last piece is stored). */
    WRITE_BLOCK,
    /** Fetch the pieces of one block needed to decode it (data pieces, then parity as needed). */
    FETCH_BLOCK,
    /** Encode and write one metadata record to the four metadata backends. */
    META_SAVE,
    /** Read and decode one metadata record. */
    META_LOAD;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label value. */
    public String label() {
        return label;
    }
}
