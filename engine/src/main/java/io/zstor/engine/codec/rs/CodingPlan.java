package io.zstor.engine.codec.rs;

/**
 * A coding matrix prepared for one {@link GaloisKernel}: multiplies a set of input shards by the matrix and
 * writes the output shards, {@code out[j] = sum_i M[j][i] * in[i]} over GF(2^8), byte position by byte
 * position. Plans are immutable and thread-safe.
 */
interface CodingPlan {

    /** Number of input shards (matrix columns). */
    int inputs();

    /** Number of output shards (matrix rows). */
    int outputs();

    /**
     * Overwrites {@code length} bytes of every output with the product of the matrix and the inputs.
     *
     * @param in {@link #inputs()} arrays; input {@code i} starts at {@code inOffsets[i]}
     * @param out {@link #outputs()} arrays, distinct from the inputs; output {@code j} starts at {@code outOffsets[j]}
     */
    void apply(byte[][] in, int[] inOffsets, byte[][] out, int[] outOffsets, int length);
}
