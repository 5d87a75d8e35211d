package io.zstor.engine.codec.rs;

/**
 * Turns a coding matrix into a {@link CodingPlan} for one way of multiplying shards over GF(2^8): the
 * portable {@link ScalarGaloisKernel} or the SIMD {@code VectorGaloisKernel}. Implementations are stateless.
 */
interface GaloisKernel {

    /** Which implementation this is. */
    Kernel kind();

    /**
     * Prepares {@code rows} (outputs x inputs coefficients, each row of equal length) for repeated use.
     */
    CodingPlan plan(byte[][] rows);
}
