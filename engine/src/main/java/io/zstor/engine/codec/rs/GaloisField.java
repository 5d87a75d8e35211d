package io.zstor.engine.codec.rs;

/**
 * Arithmetic in GF(2^8) with the field polynomial {@code x^8 + x^4 + x^3 + x^2 + 1} (0x11D) and generator 2,
 * the field of Backblaze JavaReedSolomon, klauspost/reedsolomon and the Rust reed-solomon-erasure crate.
 *
 * <p>Values are unsigned bytes held in {@code int}s (0..255). Besides log/exp tables the class keeps the
 * full 256 x 256 product table that the scalar kernel indexes directly.
 */
final class GaloisField {

    /** The field polynomial, including the x^8 term. */
    static final int POLYNOMIAL = 0x11D;

    /** Number of field elements. */
    static final int SIZE = 256;

    private static final int[] LOG = new int[SIZE];
    private static final int[] EXP = new int[2 * SIZE];
    /** {@code MUL_TABLE[(a << 8) | b] = a * b}. */
    private static final byte[] MUL_TABLE = new byte[SIZE * SIZE];

    static {
        int x = 1;
        for (int i = 0; i < SIZE - 1; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= SIZE) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = SIZE - 1; i < EXP.length; i++) {
            EXP[i] = EXP[i - (SIZE - 1)];
        }
        for (int a = 0; a < SIZE; a++) {
            for (int b = 0; b < SIZE; b++) {
                MUL_TABLE[(a << 8) | b] = (byte) slowMultiply(a, b);
            }
        }
    }

    private GaloisField() {
    }

    private static int slowMultiply(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    /** Product of two field elements. */
    static int multiply(int a, int b) {
        return MUL_TABLE[((a & 0xFF) << 8) | (b & 0xFF)] & 0xFF;
    }

    /** Quotient {@code a / b}; {@code b} must not be zero. */
    static int divide(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        if (a == 0) {
            return 0;
        }
        return EXP[LOG[a] - LOG[b] + (SIZE - 1)];
    }

    /** {@code a} raised to the power {@code n >= 0}, with {@code 0^0 = 1} as the reference libraries define it. */
    static int power(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(int) ((long) LOG[a] * n % (SIZE - 1))];
    }

    /**
     * The shared product table: {@code table[(c << 8) | x] = c * x}. Callers must not modify it.
     */
    static byte[] multiplicationTable() {
        return MUL_TABLE;
    }
}
