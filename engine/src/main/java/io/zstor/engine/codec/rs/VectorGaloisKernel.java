package io.zstor.engine.codec.rs;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on the incubating JDK Vector API, using the nibble-table method of ISA-L and
 * klauspost/reedsolomon: each input byte {@code x} is split into its low and high nibble, both are looked
 * up with a byte shuffle in 16-entry tables holding {@code c * lo} and {@code c * (hi << 4)}, and the two
 * products are XORed ({@code c * x = c * lo ^ c * (hi << 4)}).
 *
 * <p>Every input vector is loaded and split once and then folded into up to {@value #MAX_GROUP} output
 * accumulators held in registers, so a pass over the inputs produces several output rows. Bytes that do
 * not fill a whole vector go through the scalar kernel.
 *
 * <p>This is the only class that references {@code jdk.incubator.vector}; {@link ReedSolomon} loads it
 * reflectively and falls back to the scalar kernel when the module is not in the runtime.
 */
final class VectorGaloisKernel implements GaloisKernel {

    /** Output rows computed per pass over the inputs. */
    static final int MAX_GROUP = 5;

    private static final int CHUNK = 8192;

    /** System property choosing a narrower vector shape in bits (128, 256, 512); the preferred shape by default. */
    static final String BITS_PROPERTY = "zstor.rs.vectorBits";

    /**
     * The vector shape, a constant so that C2 knows the concrete vector classes and intrinsifies every
     * operation: the platform's preferred shape (256 bits on AVX2), unless {@value #BITS_PROPERTY} asks for
     * a narrower one (for measurements).
     */
    private static final VectorSpecies<Byte> SPECIES = species(Integer.getInteger(BITS_PROPERTY, 0));

    /**
     * Whether high nibbles come from a 16-bit shift and a mask, as in ISA-L (x86 has no byte shift, so a
     * lane-wise byte shift is emulated by widening): +35% for 10+5 on JDK 25, but JDK 17 compiles the
     * reinterpretation poorly (2x slower), so older runtimes keep the byte shift. Only 17 and 25 were measured.
     * The test sits inline in the loops: a helper method was not inlined by JDK 17's C2.
     */
    private static final boolean SHIFT_AS_SHORTS = Runtime.version().feature() >= 25;

    /** A kernel on {@link #SPECIES}. */
    VectorGaloisKernel() {
        if (SPECIES.length() < 16) {
            throw new IllegalStateException("vector shape too small for nibble tables: " + SPECIES);
        }
    }

    private static VectorSpecies<Byte> species(int bits) {
        VectorSpecies<Byte> preferred = ByteVector.SPECIES_PREFERRED;
        if (bits <= 0 || bits >= preferred.vectorBitSize()) {
            return preferred;
        }
        return bits >= 256 ? ByteVector.SPECIES_256 : ByteVector.SPECIES_128;
    }

    @Override
    public Kernel kind() {
        return Kernel.VECTOR;
    }

    @Override
    public CodingPlan plan(byte[][] rows) {
        return new Plan(rows);
    }

    /** Per-coefficient nibble tables, each 16-entry table repeated to fill one vector. */
    private static final class Plan implements CodingPlan {
        private static final VectorSpecies<Byte> S = SPECIES;
        private final int vl = S.length();
        private final int inputs;
        private final int outputs;
        private final byte[][] rows;
        /** {@code tables[((j * inputs + i) * 2) * vl ...]}: low-nibble table, then high-nibble table. */
        private final byte[] tables;

        Plan(byte[][] rows) {
            this.outputs = rows.length;
            this.inputs = outputs == 0 ? 0 : rows[0].length;
            this.rows = new byte[outputs][];
            this.tables = new byte[outputs * inputs * 2 * vl];
            for (int j = 0; j < outputs; j++) {
                this.rows[j] = rows[j].clone();
                for (int i = 0; i < inputs; i++) {
                    int c = rows[j][i] & 0xFF;
                    int t = (j * inputs + i) * 2 * vl;
                    for (int b = 0; b < vl; b++) {
                        tables[t + b] = (byte) GaloisField.multiply(c, b & 0x0F);
                        tables[t + vl + b] = (byte) GaloisField.multiply(c, (b & 0x0F) << 4);
                    }
                }
            }
        }

        @Override
        public int inputs() {
            return inputs;
        }

        @Override
        public int outputs() {
            return outputs;
        }

        @Override
        public void apply(byte[][] in, int[] inOffsets, byte[][] out, int[] outOffsets, int length) {
            int vectorEnd = length - length % vl;
            for (int start = 0; start < vectorEnd; start += CHUNK) {
                int end = Math.min(start + CHUNK, vectorEnd);
                int j = 0;
                while (j < outputs) {
                    int left = outputs - j;
                    if (left >= 5) {
                        group5(j, in, inOffsets, out, outOffsets, start, end);
                        j += 5;
                    } else if (left == 4) {
                        group4(j, in, inOffsets, out, outOffsets, start, end);
                        j += 4;
                    } else if (left == 3) {
                        group3(j, in, inOffsets, out, outOffsets, start, end);
                        j += 3;
                    } else if (left == 2) {
                        group2(j, in, inOffsets, out, outOffsets, start, end);
                        j += 2;
                    } else {
                        group1(j, in, inOffsets, out, outOffsets, start, end);
                        j += 1;
                    }
                }
            }
            int tail = length - vectorEnd;
            if (tail > 0) {
                for (int j = 0; j < outputs; j++) {
                    for (int i = 0; i < inputs; i++) {
                        ScalarGaloisKernel.multiply(rows[j][i] & 0xFF, in[i], inOffsets[i] + vectorEnd,
                                out[j], outOffsets[j] + vectorEnd, tail, i == 0);
                    }
                }
            }
        }

        private ByteVector lookup(int table, ByteVector lo, ByteVector hi) {
            ByteVector l = lo.selectFrom(ByteVector.fromArray(S, tables, table));
            ByteVector h = hi.selectFrom(ByteVector.fromArray(S, tables, table + vl));
            return l.lanewise(VectorOperators.XOR, h);
        }

        private void group5(int j, byte[][] in, int[] inOff, byte[][] out, int[] outOff, int start, int end) {
            int stride = inputs * 2 * vl;
            for (int p = start; p < end; p += vl) {
                ByteVector a0 = ByteVector.zero(S);
                ByteVector a1 = a0;
                ByteVector a2 = a0;
                ByteVector a3 = a0;
                ByteVector a4 = a0;
                int t = j * stride;
                for (int i = 0; i < inputs; i++, t += 2 * vl) {
                    ByteVector x = ByteVector.fromArray(S, in[i], inOff[i] + p);
                    ByteVector lo = x.lanewise(VectorOperators.AND, 0x0F);
                    ByteVector hi = (SHIFT_AS_SHORTS
                            ? x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            : x.lanewise(VectorOperators.LSHR, 4)).lanewise(VectorOperators.AND, 0x0F);
                    a0 = a0.lanewise(VectorOperators.XOR, lookup(t, lo, hi));
                    a1 = a1.lanewise(VectorOperators.XOR, lookup(t + stride, lo, hi));
                    a2 = a2.lanewise(VectorOperators.XOR, lookup(t + 2 * stride, lo, hi));
                    a3 = a3.lanewise(VectorOperators.XOR, lookup(t + 3 * stride, lo, hi));
                    a4 = a4.lanewise(VectorOperators.XOR, lookup(t + 4 * stride, lo, hi));
                }
                a0.intoArray(out[j], outOff[j] + p);
                a1.intoArray(out[j + 1], outOff[j + 1] + p);
                a2.intoArray(out[j + 2], outOff[j + 2] + p);
                a3.intoArray(out[j + 3], outOff[j + 3] + p);
                a4.intoArray(out[j + 4], outOff[j + 4] + p);
            }
        }

        private void group4(int j, byte[][] in, int[] inOff, byte[][] out, int[] outOff, int start, int end) {
            int stride = inputs * 2 * vl;
            for (int p = start; p < end; p += vl) {
                ByteVector a0 = ByteVector.zero(S);
                ByteVector a1 = a0;
                ByteVector a2 = a0;
                ByteVector a3 = a0;
                int t = j * stride;
                for (int i = 0; i < inputs; i++, t += 2 * vl) {
                    ByteVector x = ByteVector.fromArray(S, in[i], inOff[i] + p);
                    ByteVector lo = x.lanewise(VectorOperators.AND, 0x0F);
                    ByteVector hi = (SHIFT_AS_SHORTS
                            ? x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            : x.lanewise(VectorOperators.LSHR, 4)).lanewise(VectorOperators.AND, 0x0F);
                    a0 = a0.lanewise(VectorOperators.XOR, lookup(t, lo, hi));
                    a1 = a1.lanewise(VectorOperators.XOR, lookup(t + stride, lo, hi));
                    a2 = a2.lanewise(VectorOperators.XOR, lookup(t + 2 * stride, lo, hi));
                    a3 = a3.lanewise(VectorOperators.XOR, lookup(t + 3 * stride, lo, hi));
                }
                a0.intoArray(out[j], outOff[j] + p);
                a1.intoArray(out[j + 1], outOff[j + 1] + p);
                a2.intoArray(out[j + 2], outOff[j + 2] + p);
                a3.intoArray(out[j + 3], outOff[j + 3] + p);
            }
        }

        private void group3(int j, byte[][] in, int[] inOff, byte[][] out, int[] outOff, int start, int end) {
            int stride = inputs * 2 * vl;
            for (int p = start; p < end; p += vl) {
                ByteVector a0 = ByteVector.zero(S);
                ByteVector a1 = a0;
                ByteVector a2 = a0;
                int t = j * stride;
                for (int i = 0; i < inputs; i++, t += 2 * vl) {
                    ByteVector x = ByteVector.fromArray(S, in[i], inOff[i] + p);
                    ByteVector lo = x.lanewise(VectorOperators.AND, 0x0F);
                    ByteVector hi = (SHIFT_AS_SHORTS
                            ? x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            : x.lanewise(VectorOperators.LSHR, 4)).lanewise(VectorOperators.AND, 0x0F);
                    a0 = a0.lanewise(VectorOperators.XOR, lookup(t, lo, hi));
                    a1 = a1.lanewise(VectorOperators.XOR, lookup(t + stride, lo, hi));
                    a2 = a2.lanewise(VectorOperators.XOR, lookup(t + 2 * stride, lo, hi));
                }
                a0.intoArray(out[j], outOff[j] + p);
                a1.intoArray(out[j + 1], outOff[j + 1] + p);
                a2.intoArray(out[j + 2], outOff[j + 2] + p);
            }
        }

        private void group2(int j, byte[][] in, int[] inOff, byte[][] out, int[] outOff, int start, int end) {
            int stride = inputs * 2 * vl;
            for (int p = start; p < end; p += vl) {
                ByteVector a0 = ByteVector.zero(S);
                ByteVector a1 = a0;
                int t = j * stride;
                for (int i = 0; i < inputs; i++, t += 2 * vl) {
                    ByteVector x = ByteVector.fromArray(S, in[i], inOff[i] + p);
                    ByteVector lo = x.lanewise(VectorOperators.AND, 0x0F);
                    ByteVector hi = (SHIFT_AS_SHORTS
                            ? x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            : x.lanewise(VectorOperators.LSHR, 4)).lanewise(VectorOperators.AND, 0x0F);
                    a0 = a0.lanewise(VectorOperators.XOR, lookup(t, lo, hi));
                    a1 = a1.lanewise(VectorOperators.XOR, lookup(t + stride, lo, hi));
                }
                a0.intoArray(out[j], outOff[j] + p);
                a1.intoArray(out[j + 1], outOff[j + 1] + p);
            }
        }

        private void group1(int j, byte[][] in, int[] inOff, byte[][] out, int[] outOff, int start, int end) {
            int stride = inputs * 2 * vl;
            for (int p = start; p < end; p += vl) {
                ByteVector a0 = ByteVector.zero(S);
                int t = j * stride;
                for (int i = 0; i < inputs; i++, t += 2 * vl) {
                    ByteVector x = ByteVector.fromArray(S, in[i], inOff[i] + p);
                    ByteVector lo = x.lanewise(VectorOperators.AND, 0x0F);
                    ByteVector hi = (SHIFT_AS_SHORTS
                            ? x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            : x.lanewise(VectorOperators.LSHR, 4)).lanewise(VectorOperators.AND, 0x0F);
                    a0 = a0.lanewise(VectorOperators.XOR, lookup(t, lo, hi));
                }
                a0.intoArray(out[j], outOff[j] + p);
            }
        }
    }
}
