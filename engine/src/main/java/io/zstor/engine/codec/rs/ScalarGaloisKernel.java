package io.zstor.engine.codec.rs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The portable kernel: looks every byte up in the full 256 x 256 product table, eight bytes at a time so
 * that each output word is read, XORed and written once per input instead of once per byte.
 *
 * <p>Positions are processed in chunks small enough for the outputs to stay in the L1 cache while every
 * input is folded into them.
 */
final class ScalarGaloisKernel implements GaloisKernel {

    /** The single instance; the kernel is stateless. */
    static final ScalarGaloisKernel INSTANCE = new ScalarGaloisKernel();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK = 4096;

    private ScalarGaloisKernel() {
    }

    @Override
    public Kernel kind() {
        return Kernel.SCALAR;
    }

    @Override
    public CodingPlan plan(byte[][] rows) {
        return new Plan(rows);
    }

    /**
     * Multiplies {@code length} bytes of {@code in} by {@code coefficient} and XORs (or, when {@code first},
     * stores) the products into {@code out}. Also used by the vector kernel for tails shorter than a vector.
     */
    static void multiply(int coefficient, byte[] in, int inOffset, byte[] out, int outOffset, int length, boolean first) {
        if (coefficient == 0) {
            if (first) {
                java.util.Arrays.fill(out, outOffset, outOffset + length, (byte) 0);
            }
            return;
        }
        if (coefficient == 1) {
            if (first) {
                System.arraycopy(in, inOffset, out, outOffset, length);
            } else {
                xor(in, inOffset, out, outOffset, length);
            }
            return;
        }
        byte[] table = GaloisField.multiplicationTable();
        int base = (coefficient & 0xFF) << 8;
        if (first) {
            for (int b = 0; b < length; b++) {
                out[outOffset + b] = table[base | (in[inOffset + b] & 0xFF)];
            }
        } else {
            for (int b = 0; b < length; b++) {
                out[outOffset + b] ^= table[base | (in[inOffset + b] & 0xFF)];
            }
        }
    }

    private static void xor(byte[] in, int inOffset, byte[] out, int outOffset, int length) {
        int b = 0;
        for (; b + Long.BYTES <= length; b += Long.BYTES) {
            LONGS.set(out, outOffset + b, (long) LONGS.get(out, outOffset + b) ^ (long) LONGS.get(in, inOffset + b));
        }
        for (; b < length; b++) {
            out[outOffset + b] ^= in[inOffset + b];
        }
    }

    /** Coefficients kept as a plain matrix; the product table does the rest. */
    private static final class Plan implements CodingPlan {
        private final int[][] coefficients;
        private final int inputs;

        Plan(byte[][] rows) {
            this.inputs = rows.length == 0 ? 0 : rows[0].length;
            this.coefficients = new int[rows.length][inputs];
            for (int j = 0; j < rows.length; j++) {
                for (int i = 0; i < inputs; i++) {
                    coefficients[j][i] = rows[j][i] & 0xFF;
                }
            }
        }

        @Override
        public int inputs() {
            return inputs;
        }

        @Override
        public int outputs() {
            return coefficients.length;
        }

        @Override
        public void apply(byte[][] in, int[] inOffsets, byte[][] out, int[] outOffsets, int length) {
            for (int start = 0; start < length; start += CHUNK) {
                int n = Math.min(CHUNK, length - start);
                for (int j = 0; j < coefficients.length; j++) {
                    int[] row = coefficients[j];
                    for (int i = 0; i < inputs; i++) {
                        multiply(row[i], in[i], inOffsets[i] + start, out[j], outOffsets[j] + start, n, i == 0);
                    }
                }
            }
        }
    }
}
