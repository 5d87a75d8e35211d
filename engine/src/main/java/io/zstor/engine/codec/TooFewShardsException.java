package io.zstor.engine.codec;

/** Thrown when an erasure-coded block cannot be reconstructed because too few shards survive. */
public final class TooFewShardsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param present how many shards are available
     * @param required how many are needed ({@code k})
     */
    public TooFewShardsException(int present, int required) {
        super("cannot reconstruct: only " + present + " of the " + required + " required shards are available");
    }
}
