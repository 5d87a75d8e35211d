package io.zstor.engine.codec;

/**
 * A systematic erasure code over {@code k} data and {@code m} parity shards of equal length.
 *
 * <p>Shards are byte arrays addressed by a common {@code offset} and {@code length}, so callers can code
 * slices of larger buffers without copying. Implementations are thread-safe: one instance may code many
 * blocks concurrently.
 */
public interface ErasureCoder {

    /** Number of data shards ({@code k}). */
    int dataShards();

    /** Number of parity shards ({@code m}). */
    int parityShards();

    /** Total shards, {@code k + m}. */
    default int totalShards() {
        return dataShards() + parityShards();
    }

    /**
     * Computes the parity shards {@code shards[k..k+m)} from the data shards {@code shards[0..k)}.
     *
     * @param shards {@code k + m} arrays, each holding at least {@code offset + length} bytes
     * @param offset first byte of every shard to code
     * @param length number of bytes of every shard to code
     */
    void encodeParity(byte[][] shards, int offset, int length);

    /**
     * Recomputes every shard whose {@code present} flag is false from the present ones.
     *
     * @throws TooFewShardsException when fewer than {@code k} shards are present
     */
    void reconstruct(byte[][] shards, boolean[] present, int offset, int length);

    /** Returns whether the parity shards are consistent with the data shards. */
    boolean isParityCorrect(byte[][] shards, int offset, int length);
}
