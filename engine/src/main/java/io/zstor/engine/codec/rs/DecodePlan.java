package io.zstor.engine.codec.rs;

/**
 * How to rebuild the missing shards of one erasure pattern: which surviving shards to read and the
 * prepared matrix (rows of the inverted survivor sub-matrix, combined with the parity rows for missing
 * parity) that turns them into the missing ones in a single pass.
 */
final class DecodePlan {

    private final int[] inputIndexes;
    private final int[] outputIndexes;
    private final CodingPlan plan;

    /**
     * @param encodingMatrix the codec's {@code (k + m) x k} encoding matrix
     * @param present which shards survive; at least {@code k} must be true
     * @param kernel prepares the resulting matrix
     */
    static DecodePlan build(Matrix encodingMatrix, boolean[] present, GaloisKernel kernel) {
        int k = encodingMatrix.columns();
        int total = encodingMatrix.rows();
        int[] inputs = new int[k];
        int missingCount = 0;
        int found = 0;
        for (int s = 0; s < total; s++) {
            if (!present[s]) {
                missingCount++;
            } else if (found < k) {
                inputs[found++] = s;
            }
        }
        int[] outputs = new int[missingCount];
        for (int s = 0, o = 0; s < total; s++) {
            if (!present[s]) {
                outputs[o++] = s;
            }
        }
        Matrix decode = encodingMatrix.select(inputs).invert();
        Matrix rows = encodingMatrix.select(outputs).times(decode);
        byte[][] coefficients = new byte[rows.rows()][];
        for (int r = 0; r < rows.rows(); r++) {
            coefficients[r] = rows.row(r);
        }
        return new DecodePlan(inputs, outputs, kernel.plan(coefficients));
    }

    private DecodePlan(int[] inputIndexes, int[] outputIndexes, CodingPlan plan) {
        this.inputIndexes = inputIndexes;
        this.outputIndexes = outputIndexes;
        this.plan = plan;
    }

    /** Rebuilds the missing shards of {@code shards} (each starting at {@code offsets[s]}). */
    void apply(byte[][] shards, int[] offsets, int length) {
        byte[][] in = new byte[inputIndexes.length][];
        int[] inOffsets = new int[inputIndexes.length];
        for (int i = 0; i < inputIndexes.length; i++) {
            in[i] = shards[inputIndexes[i]];
            inOffsets[i] = offsets[inputIndexes[i]];
        }
        byte[][] out = new byte[outputIndexes.length][];
        int[] outOffsets = new int[outputIndexes.length];
        for (int o = 0; o < outputIndexes.length; o++) {
            out[o] = shards[outputIndexes[o]];
            outOffsets[o] = offsets[outputIndexes[o]];
        }
        plan.apply(in, inOffsets, out, outOffsets, length);
    }
}
