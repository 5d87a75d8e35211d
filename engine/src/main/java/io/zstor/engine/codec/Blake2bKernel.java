package io.zstor.engine.codec;

/**
 * The BLAKE2b compression function F (RFC 7693 section 3.2) on one 128-byte block: the twelve rounds and
 * the fold into the chaining value. {@link Blake2b128} does the buffering, the byte counter and the
 * parameter block; a kernel only mixes. Two implementations give identical results and differ in speed and
 * in what the runtime must offer: the portable {@link ScalarBlake2bKernel} and the SIMD
 * {@code VectorBlake2bKernel} ({@link Blake2bKernels} picks one). Implementations are stateless.
 */
interface Blake2bKernel {

    /** The BLAKE2b initialisation vector (the SHA-512 IV), RFC 7693 section 2.6. */
    long IV0 = 0x6a09e667f3bcc908L;
    /** IV word 1. */
    long IV1 = 0xbb67ae8584caa73bL;
    /** IV word 2. */
    long IV2 = 0x3c6ef372fe94f82bL;
    /** IV word 3. */
    long IV3 = 0xa54ff53a5f1d36f1L;
    /** IV word 4. */
    long IV4 = 0x510e527fade682d1L;
    /** IV word 5. */
    long IV5 = 0x9b05688c2b3e6c1fL;
    /** IV word 6. */
    long IV6 = 0x1f83d9abfb41bd6bL;
    /** IV word 7. */
    long IV7 = 0x5be0cd19137e2179L;

    /** Which implementation this is, as {@value Blake2bKernels#PROPERTY} names it: {@code scalar} or {@code vector}. */
    String name();

    /**
     * Compresses one block into {@code h}.
     *
     * @param h the chaining value, 8 words, updated in place
     * @param m the block as 16 little-endian words (read only)
     * @param work caller-owned scratch of at least 16 words; its content is undefined on return
     * @param t0 low word of the byte counter, including this block's bytes
     * @param t1 high word of the byte counter
     * @param lastFlag {@code -1L} for the final block, else {@code 0L}
     */
    void compress(long[] h, long[] m, long[] work, long t0, long t1, long lastFlag);
}
