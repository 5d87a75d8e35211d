package io.zstor.engine.codec;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD BLAKE2b compression on the incubating JDK Vector API: the 4x4 working matrix is held as four
 * 256-bit vectors of four 64-bit lanes, the rows {@code a = v0..v3}, {@code b = v4..v7},
 * {@code c = v8..v11} and {@code d = v12..v15}, so one vector step runs G on all four columns at once.
 *
 * <p>Between the column and the diagonal step the lanes are realigned by lane rotations (constant
 * shuffles). Which rows rotate matters: BLAKE2b is one long dependency chain through {@code b}, the row
 * updated last, so {@code b} stays put and {@code a}, {@code c} and {@code d}, ready earlier, rotate
 * instead; the message word is likewise added to {@code a} before {@code b}. Both keep the shuffles and
 * one add off the critical path (about +10% measured). The message vectors of each round are gathered from the
 * block's sixteen words through a precomputed index map of the sigma schedule.
 *
 * <p>Only methods present in both the JDK 17 and the JDK 25 versions of the incubator API are used
 * ({@code fromArray}, {@code intoArray}, {@code lanewise}, {@code rearrange}): its buffer and
 * memory-segment accessors changed between those releases. x86 without AVX-512 has no 64-bit vector
 * rotate, so C2 emits two shifts and an OR per rotation.
 *
 * <p>Not the default (see {@link Blake2bKernels}): once C2 has compiled it, it beats the scalar kernel on
 * JDK 17 but not on JDK 25, and until then it runs boxed and very slowly. This is the only class that
 * references {@code jdk.incubator.vector}; {@link Blake2bKernels} loads it reflectively when asked for.
 */
final class VectorBlake2bKernel implements Blake2bKernel {

    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_256;

    /** Lane i takes lane (i + 1) mod 4, etc. */
    private static final VectorShuffle<Long> ROTATE_1 = VectorShuffle.fromValues(SPECIES, 1, 2, 3, 0);
    private static final VectorShuffle<Long> ROTATE_2 = VectorShuffle.fromValues(SPECIES, 2, 3, 0, 1);
    private static final VectorShuffle<Long> ROTATE_3 = VectorShuffle.fromValues(SPECIES, 3, 0, 1, 2);

    private static final long[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

    /** RFC 7693 section 2.7; rounds 10 and 11 repeat rows 0 and 1. */
    private static final int[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    };

    /**
     * Per round, 16 message-word indexes: the four lanes of the first and second message vector of the
     * column step, then of the diagonal step. In the diagonal step lane j holds {@code a} of column
     * j - 1 (the {@code a} row is rotated, not {@code b}), so it runs the diagonal G starting there.
     */
    private static final int[] MESSAGE_MAP = messageMap();

    /** A kernel on 256-bit vectors. */
    VectorBlake2bKernel() {
        if (LongVector.SPECIES_PREFERRED.vectorBitSize() < SPECIES.vectorBitSize()) {
            // without 256-bit integer SIMD (x86 before AVX2) C2 would not intrinsify and every op would box
            throw new IllegalStateException("no 256-bit integer vectors on this CPU (preferred "
                    + LongVector.SPECIES_PREFERRED + ")");
        }
    }

    private static int[] messageMap() {
        int[] map = new int[12 * 16];
        for (int r = 0; r < 12; r++) {
            int[] s = SIGMA[r % 10];
            for (int lane = 0; lane < 4; lane++) {
                int diagonal = (lane + 3) % 4;
                map[16 * r + lane] = s[2 * lane];
                map[16 * r + 4 + lane] = s[2 * lane + 1];
                map[16 * r + 8 + lane] = s[8 + 2 * diagonal];
                map[16 * r + 12 + lane] = s[9 + 2 * diagonal];
            }
        }
        return map;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void compress(long[] h, long[] m, long[] work, long t0, long t1, long lastFlag) {
        work[0] = t0;
        work[1] = t1;
        work[2] = lastFlag;
        work[3] = 0;
        LongVector h0 = LongVector.fromArray(SPECIES, h, 0);
        LongVector h1 = LongVector.fromArray(SPECIES, h, 4);
        LongVector a = h0;
        LongVector b = h1;
        LongVector c = LongVector.fromArray(SPECIES, IV, 0);
        LongVector d = LongVector.fromArray(SPECIES, IV, 4).lanewise(VectorOperators.XOR, LongVector.fromArray(SPECIES, work, 0));
        for (int r = 0; r < 12 * 16; r += 16) {
            LongVector x = LongVector.fromArray(SPECIES, m, 0, MESSAGE_MAP, r);
            LongVector y = LongVector.fromArray(SPECIES, m, 0, MESSAGE_MAP, r + 4);
            LongVector z = LongVector.fromArray(SPECIES, m, 0, MESSAGE_MAP, r + 8);
            LongVector w = LongVector.fromArray(SPECIES, m, 0, MESSAGE_MAP, r + 12);
            // column step: G on (v0, v4, v8, v12), (v1, v5, v9, v13), ...
            a = a.add(x).add(b);
            d = d.lanewise(VectorOperators.XOR, a).lanewise(VectorOperators.ROR, 32);
            c = c.add(d);
            b = b.lanewise(VectorOperators.XOR, c).lanewise(VectorOperators.ROR, 24);
            a = a.add(y).add(b);
            d = d.lanewise(VectorOperators.XOR, a).lanewise(VectorOperators.ROR, 16);
            c = c.add(d);
            b = b.lanewise(VectorOperators.XOR, c).lanewise(VectorOperators.ROR, 63);
            // diagonalise around b: lane j now holds v((j+3)%4), v(4+j), v(8+(j+1)%4), v(12+(j+2)%4)
            a = a.rearrange(ROTATE_3);
            c = c.rearrange(ROTATE_1);
            d = d.rearrange(ROTATE_2);
            a = a.add(z).add(b);
            d = d.lanewise(VectorOperators.XOR, a).lanewise(VectorOperators.ROR, 32);
            c = c.add(d);
            b = b.lanewise(VectorOperators.XOR, c).lanewise(VectorOperators.ROR, 24);
            a = a.add(w).add(b);
            d = d.lanewise(VectorOperators.XOR, a).lanewise(VectorOperators.ROR, 16);
            c = c.add(d);
            b = b.lanewise(VectorOperators.XOR, c).lanewise(VectorOperators.ROR, 63);
            a = a.rearrange(ROTATE_1);
            c = c.rearrange(ROTATE_3);
            d = d.rearrange(ROTATE_2);
        }
        h0.lanewise(VectorOperators.XOR, a).lanewise(VectorOperators.XOR, c).intoArray(h, 0);
        h1.lanewise(VectorOperators.XOR, b).lanewise(VectorOperators.XOR, d).intoArray(h, 4);
    }
}
