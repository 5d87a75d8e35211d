package io.zstor.engine.codec;

/**
 * The portable BLAKE2b compression: all twelve rounds unrolled with the sixteen working words in locals,
 * no arrays or sigma table in the rounds, nothing allocated. HotSpot's C2 decides its speed, and three
 * details of the source shape were measured to matter (JDK 17 and 25, {@code CodecCpuTimeBench}):
 * <ul>
 *   <li>Two methods of six rounds each, the working vector handed over in the caller's scratch array. One
 *       method of twelve rounds exceeds HotSpot's 8,000-byte "huge method" limit and is never compiled;
 *       even when forced, it ran 2.5x slower. Three or four methods measured the same as two.
 *   <li>The IV words come from an array, not from constants: C2 reassociates {@code (x + constant) + y}
 *       into {@code (x + y) + constant}, so a working word that starts as an IV constant dragged that
 *       64-bit constant through all six rounds of the first method (a {@code movabs} and an extra add per
 *       use, and one more live register).
 *   <li>{@code a = a + b + m}, not {@code a += b + m}: the latter is {@code a + (b + m)}, which needs a
 *       copy of {@code b} (still live) before the add; the former adds into {@code a}'s register.
 * </ul>
 * Together: 1.36x (JDK 17) and 1.42x (JDK 25) the MB/s per CPU-second of the previous version
 * ({@code perf/results/blake2b.md}).
 */
final class ScalarBlake2bKernel implements Blake2bKernel {

    /** The single instance; the kernel is stateless. */
    static final ScalarBlake2bKernel INSTANCE = new ScalarBlake2bKernel();

    /** The IV as array elements, which C2 does not constant-fold (see the class comment). */
    private static final long[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

    private ScalarBlake2bKernel() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void compress(long[] h, long[] m, long[] work, long t0, long t1, long lastFlag) {
        firstRounds(h, m, work, t0, t1, lastFlag);
        lastRounds(h, m, work);
    }

    /** Rounds 0-5 from the chaining value and the IV; leaves the working vector in {@code v}. */
    private static void firstRounds(long[] h, long[] m, long[] v, long t0, long t1, long lastFlag) {
        long m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
        long m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
        final long[] iv = IV;
        long v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        long v8 = iv[0], v9 = iv[1], v10 = iv[2], v11 = iv[3];
        long v12 = iv[4] ^ t0, v13 = iv[5] ^ t1, v14 = iv[6] ^ lastFlag, v15 = iv[7];
        // round 0
        v0 = v0 + v4 + m0; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m1; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m2; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m3; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m4; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m5; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m6; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m7; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m8; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m9; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m10; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m11; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m12; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m13; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m14; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m15; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 1
        v0 = v0 + v4 + m14; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m10; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m4; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m8; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m9; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m15; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m13; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m6; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m1; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m12; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m0; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m2; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m11; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m7; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m5; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m3; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 2
        v0 = v0 + v4 + m11; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m8; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m12; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m0; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m5; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m2; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m15; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m13; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m10; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m14; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m3; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m6; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m7; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m1; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m9; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m4; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 3
        v0 = v0 + v4 + m7; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m9; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m3; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m1; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m13; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m12; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m11; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m14; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m2; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m6; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m5; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m10; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m4; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m0; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m15; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m8; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 4
        v0 = v0 + v4 + m9; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m0; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m5; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m7; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m2; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m4; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m10; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m15; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m14; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m1; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m11; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m12; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m6; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m8; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m3; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m13; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 5
        v0 = v0 + v4 + m2; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m12; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m6; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m10; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m0; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m11; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m8; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m3; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m4; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m13; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m7; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m5; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m15; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m14; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m1; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m9; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        v[0] = v0; v[1] = v1; v[2] = v2; v[3] = v3; v[4] = v4; v[5] = v5; v[6] = v6; v[7] = v7;
        v[8] = v8; v[9] = v9; v[10] = v10; v[11] = v11; v[12] = v12; v[13] = v13; v[14] = v14; v[15] = v15;
    }

    /** Rounds 6-11 from the working vector in {@code v}, then folds it into the chaining value. */
    private static void lastRounds(long[] h, long[] m, long[] v) {
        long m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
        long m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
        long v0 = v[0], v1 = v[1], v2 = v[2], v3 = v[3], v4 = v[4], v5 = v[5], v6 = v[6], v7 = v[7];
        long v8 = v[8], v9 = v[9], v10 = v[10], v11 = v[11], v12 = v[12], v13 = v[13], v14 = v[14], v15 = v[15];
        // round 6
        v0 = v0 + v4 + m12; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m5; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m1; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m15; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m14; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m13; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m4; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m10; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m0; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m7; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m6; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m3; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m9; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m2; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m8; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m11; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 7
        v0 = v0 + v4 + m13; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m11; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m7; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m14; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m12; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m1; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m3; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m9; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m5; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m0; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m15; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m4; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m8; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m6; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m2; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m10; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 8
        v0 = v0 + v4 + m6; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m15; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m14; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m9; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m11; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m3; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m0; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m8; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m12; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m2; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m13; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m7; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m1; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m4; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m10; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m5; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 9
        v0 = v0 + v4 + m10; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m2; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m8; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m4; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m7; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m6; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m1; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m5; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m15; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m11; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m9; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m14; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m3; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m12; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m13; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m0; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 10
        v0 = v0 + v4 + m0; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m1; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m2; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m3; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m4; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m5; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m6; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m7; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m8; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m9; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m10; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m11; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m12; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m13; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m14; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m15; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        // round 11
        v0 = v0 + v4 + m14; v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = v0 + v4 + m10; v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = v8 + v12; v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = v1 + v5 + m4; v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = v1 + v5 + m8; v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = v9 + v13; v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = v2 + v6 + m9; v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = v2 + v6 + m15; v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = v10 + v14; v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = v3 + v7 + m13; v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = v3 + v7 + m6; v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = v11 + v15; v7 = Long.rotateRight(v7 ^ v11, 63);
        v0 = v0 + v5 + m1; v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = v0 + v5 + m12; v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = v10 + v15; v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = v1 + v6 + m0; v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = v1 + v6 + m2; v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = v11 + v12; v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = v2 + v7 + m11; v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = v2 + v7 + m7; v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = v8 + v13; v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = v3 + v4 + m5; v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = v3 + v4 + m3; v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = v9 + v14; v4 = Long.rotateRight(v4 ^ v9, 63);
        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }
}
