package io.zstor.engine.codec.rs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.codec.TooFewShardsException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReedSolomonTest {

    @Test
    void bothKernelsAreAvailableInTheTestJvm() {
        // surefire runs with --add-modules jdk.incubator.vector, so the SIMD path must be the one exercised
        assertThat(ReedSolomon.isAvailable(Kernel.SCALAR)).isTrue();
        assertThat(ReedSolomon.isAvailable(Kernel.VECTOR)).isTrue();
        assertThat(ReedSolomon.defaultKernel()).isEqualTo(Kernel.VECTOR);
        assertThat(ReedSolomon.create(4, 2).kernel()).isEqualTo(Kernel.VECTOR);
        assertThat(ReedSolomon.create(4, 2, Kernel.SCALAR)).hasToString("ReedSolomon[4+2, scalar]");
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void parityEqualsTheBackblazeKnownAnswer(Kernel kernel) {
        // published in Backblaze JavaReedSolomon ReedSolomonTest.testOneEncode (same vector in reed-solomon-erasure)
        ReedSolomon rs = ReedSolomon.create(5, 5, kernel);
        byte[][] shards = {{0, 1}, {4, 5}, {2, 3}, {6, 7}, {8, 9}, new byte[2], new byte[2], new byte[2], new byte[2], new byte[2]};
        rs.encodeParity(shards, 0, 2);
        assertThat(shards[5]).containsExactly(12, 13);
        assertThat(shards[6]).containsExactly(10, 11);
        assertThat(shards[7]).containsExactly(14, 15);
        assertThat(shards[8]).containsExactly(90, 91);
        assertThat(shards[9]).containsExactly(94, 95);
        assertThat(rs.isParityCorrect(shards, 0, 2)).isTrue();
        shards[8][0]++;
        assertThat(rs.isParityCorrect(shards, 0, 2)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void issueKnownAnswerFourPlusTwo(Kernel kernel) {
        int length = 1000;
        byte[][] shards = new byte[6][length];
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < length; i++) {
                shards[s][i] = (byte) ((17 * s + i) % 256);
            }
        }
        ReedSolomon.create(4, 2, kernel).encodeParity(shards, 0, length);
        byte[][] expected = SlowReedSolomon.parity(Arrays.copyOf(shards, 4), 2);
        assertThat(shards[4]).isEqualTo(expected[0]);
        assertThat(shards[5]).isEqualTo(expected[1]);
        // written down from this implementation, equal to the independent matrix multiply above
        assertThat(Arrays.copyOf(shards[4], 8)).containsExactly(KAT_PARITY_0);
        assertThat(Arrays.copyOf(shards[5], 8)).containsExactly(KAT_PARITY_1);
    }

    private static final byte[] KAT_PARITY_0 = {68, 5, 94, 63, 64, -95, 106, -21};
    private static final byte[] KAT_PARITY_1 = {85, 14, 79, 48, 81, -102, 123, -36};

    @Test
    void vectorEqualsScalarAndTheSlowEncoderOnRandomShapes() {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            int k = 1 + random.nextInt(round < 50 ? 20 : 200);
            int m = 1 + random.nextInt(Math.min(round < 50 ? 12 : 255, 256 - k));
            int length = random.nextInt(round < 50 ? 3000 : 300);
            int offset = random.nextInt(40);
            byte[][] data = randomShards(random, k, offset + length + random.nextInt(9));
            byte[][] scalar = withParity(data, m, offset + length + 5);
            byte[][] vector = withParity(data, m, offset + length + 5);
            ReedSolomon.create(k, m, Kernel.SCALAR).encodeParity(scalar, offset, length);
            ReedSolomon.create(k, m, Kernel.VECTOR).encodeParity(vector, offset, length);
            byte[][] slices = new byte[k][];
            for (int d = 0; d < k; d++) {
                slices[d] = Arrays.copyOfRange(data[d], offset, offset + length);
            }
            byte[][] expected = length == 0 ? new byte[m][0] : SlowReedSolomon.parity(slices, m);
            for (int p = 0; p < m; p++) {
                String what = k + "+" + m + " length " + length + " offset " + offset + " parity " + p;
                assertThat(Arrays.copyOfRange(vector[k + p], offset, offset + length)).as(what).isEqualTo(expected[p]);
                assertThat(vector[k + p]).as(what).isEqualTo(scalar[k + p]);
                // bytes outside the slice are untouched
                assertThat(Arrays.copyOf(vector[k + p], offset)).as(what).isEqualTo(new byte[offset]);
            }
        }
    }

    @Test
    void largestShapesAgreeAcrossKernelsAndReconstruct() {
        Random random = new Random(9);
        int[][] shapes = {{128, 128}, {1, 255}, {255, 1}, {200, 56}};
        int length = 97;
        for (int[] shape : shapes) {
            int k = shape[0];
            int m = shape[1];
            byte[][] scalar = withParity(randomShards(random, k, length), m, length);
            byte[][] vector = deepCopy(scalar);
            ReedSolomon.create(k, m, Kernel.SCALAR).encodeParity(scalar, 0, length);
            ReedSolomon rs = ReedSolomon.create(k, m, Kernel.VECTOR);
            rs.encodeParity(vector, 0, length);
            assertThat(vector).as("%d+%d", k, m).isDeepEqualTo(scalar);
            boolean[] present = new boolean[k + m];
            Arrays.fill(present, true);
            byte[][] damaged = deepCopy(vector);
            for (int lost = 0; lost < m; lost++) {
                int s = (lost * 7919) % (k + m);
                while (!present[s]) {
                    s = (s + 1) % (k + m);
                }
                present[s] = false;
                damaged[s] = new byte[length];
            }
            rs.reconstruct(damaged, present, 0, length);
            assertThat(damaged).as("%d+%d reconstructed", k, m).isDeepEqualTo(vector);
        }
    }

    @Test
    void everyErasurePatternReconstructs() {
        int[][] shapes = {{1, 1}, {2, 2}, {4, 2}, {10, 5}, {16, 4}};
        int[] lengths = {1, 31, 33, 1000};
        Random random = new Random(7);
        for (Kernel kernel : Kernel.values()) {
            for (int[] shape : shapes) {
                ReedSolomon rs = ReedSolomon.create(shape[0], shape[1], kernel);
                for (int length : lengths) {
                    if (shape[0] == 16 && length > 33) {
                        continue; // 6,195 patterns: keep the suite fast; 1000 bytes covered by 10+5
                    }
                    byte[][] original = withParity(randomShards(random, shape[0], length), shape[1], length);
                    rs.encodeParity(original, 0, length);
                    assertAllPatterns(rs, original, length);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void reconstructsOneMebibyteShardsWithOffsets(Kernel kernel) {
        Random random = new Random(3);
        ReedSolomon rs = ReedSolomon.create(10, 5, kernel);
        int length = 1 << 20;
        int offset = 13;
        byte[][] shards = withParity(randomShards(random, 10, length + offset + 3), 5, length + offset + 3);
        rs.encodeParity(shards, offset, length);
        byte[][] original = deepCopy(shards);
        boolean[][] patterns = {
            {false, true, true, true, true, true, true, true, true, true, true, true, true, true, true},
            {false, false, true, false, true, false, true, true, true, true, false, true, true, true, true},
            {true, true, true, true, true, false, false, false, false, false, true, true, true, true, true},
        };
        for (boolean[] present : patterns) {
            byte[][] test = deepCopy(original);
            for (int s = 0; s < present.length; s++) {
                if (!present[s]) {
                    Arrays.fill(test[s], offset, offset + length, (byte) 0);
                }
            }
            rs.reconstruct(test, present, offset, length);
            assertThat(test).isDeepEqualTo(original);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void tooFewShardsFailsClearly(Kernel kernel) {
        ReedSolomon rs = ReedSolomon.create(4, 2, kernel);
        byte[][] shards = new byte[6][10];
        boolean[] present = {true, false, true, false, false, true};
        assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 10))
                .isInstanceOf(TooFewShardsException.class)
                .hasMessage("cannot reconstruct: only 3 of the 4 required shards are available");
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void verifyDetectsAnyFlippedByte(Kernel kernel) {
        Random random = new Random(11);
        ReedSolomon rs = ReedSolomon.create(6, 3, kernel);
        int length = 40_000; // spans several verification chunks
        byte[][] shards = withParity(randomShards(random, 6, length), 3, length);
        rs.encodeParity(shards, 0, length);
        assertThat(rs.isParityCorrect(shards, 0, length)).isTrue();
        for (int trial = 0; trial < 50; trial++) {
            int s = random.nextInt(9);
            int b = random.nextInt(length);
            shards[s][b] ^= (byte) (1 << random.nextInt(8));
            assertThat(rs.isParityCorrect(shards, 0, length)).as("shard %d byte %d", s, b).isFalse();
            shards[s][b] = 0;
            rs.encodeParity(shards, 0, length);
            assertThat(rs.isParityCorrect(shards, 0, length)).isTrue();
        }
    }

    @Test
    void byteBuffersCodeTheirRemainingBytes() {
        Random random = new Random(5);
        int length = 150_000; // more than one staging chunk
        ReedSolomon rs = ReedSolomon.create(4, 2);
        byte[][] arrays = withParity(randomShards(random, 4, length), 2, length);
        rs.encodeParity(arrays, 0, length);

        ByteBuffer[] heap = new ByteBuffer[6];
        ByteBuffer[] direct = new ByteBuffer[6];
        for (int s = 0; s < 6; s++) {
            byte[] backing = new byte[length + 20];
            System.arraycopy(s < 4 ? arrays[s] : new byte[length], 0, backing, 7, length);
            heap[s] = ByteBuffer.wrap(backing, 7, length).slice();
            direct[s] = ByteBuffer.allocateDirect(length + 3);
            direct[s].position(3);
            if (s < 4) {
                direct[s].put(arrays[s]).position(3);
            }
        }
        rs.encodeParity(heap);
        rs.encodeParity(direct);
        for (int s = 4; s < 6; s++) {
            assertThat(toArray(heap[s])).isEqualTo(arrays[s]);
            assertThat(toArray(direct[s])).isEqualTo(arrays[s]);
            assertThat(direct[s].position()).isEqualTo(3);
        }
        assertThat(rs.isParityCorrect(heap)).isTrue();
        assertThat(rs.isParityCorrect(direct)).isTrue();

        boolean[] present = {false, true, true, false, true, true};
        direct[0].put(3 + 100_000, (byte) 0);
        heap[3].put(5, (byte) 0);
        rs.reconstruct(direct, present);
        rs.reconstruct(heap, present);
        assertThat(toArray(direct[0])).isEqualTo(arrays[0]);
        assertThat(toArray(heap[3])).isEqualTo(arrays[3]);

        direct[5].put(3 + length - 1, (byte) (direct[5].get(3 + length - 1) + 1));
        assertThat(rs.isParityCorrect(direct)).isFalse();
    }

    @Test
    void badInputIsRejectedWithOneLineErrors() {
        assertThatThrownBy(() -> ReedSolomon.create(0, 2)).hasMessageContaining("k >= 1");
        assertThatThrownBy(() -> ReedSolomon.create(200, 57)).hasMessageContaining("k + m <= 256");
        ReedSolomon rs = ReedSolomon.create(2, 1);
        assertThatThrownBy(() -> rs.encodeParity(new byte[2][4], 0, 4)).hasMessage("expected 3 shards, got 2");
        assertThatThrownBy(() -> rs.encodeParity(new byte[][] {new byte[4], new byte[3], new byte[4]}, 0, 4))
                .hasMessageContaining("shard 1 holds 3 bytes");
        assertThatThrownBy(() -> rs.encodeParity(new ByteBuffer[] {ByteBuffer.allocate(2), ByteBuffer.allocate(2),
            ByteBuffer.allocate(3)})).hasMessageContaining("differ in length");
        rs.encodeParity(new byte[3][0], 0, 0); // empty shards are fine
    }

    @Test
    void decodeMatricesAreCachedPerPatternAndBounded() {
        DecodePlanCache cache = new DecodePlanCache(2);
        Matrix e = ReedSolomon.encodingMatrix(2, 2);
        int[] builds = {0};
        java.util.function.Function<boolean[], DecodePlan> builder = p -> {
            builds[0]++;
            return DecodePlan.build(e, p, ScalarGaloisKernel.INSTANCE);
        };
        DecodePlan a = cache.get(new boolean[] {false, true, true, true}, builder);
        assertThat(cache.get(new boolean[] {false, true, true, true}, builder)).isSameAs(a);
        cache.get(new boolean[] {true, false, true, true}, builder);
        cache.get(new boolean[] {true, true, false, true}, builder);
        assertThat(builds[0]).isEqualTo(3);
        assertThat(cache.size()).isEqualTo(2);
    }

    private static void assertAllPatterns(ReedSolomon rs, byte[][] original, int length) {
        int total = rs.totalShards();
        int patterns = 0;
        for (int mask = 1; mask < (1 << total); mask++) {
            int missing = Integer.bitCount(mask);
            if (missing > rs.parityShards()) {
                continue;
            }
            boolean[] present = new boolean[total];
            byte[][] test = deepCopy(original);
            for (int s = 0; s < total; s++) {
                present[s] = (mask & (1 << s)) == 0;
                if (!present[s]) {
                    test[s] = new byte[length];
                }
            }
            rs.reconstruct(test, present, 0, length);
            assertThat(test).as("%s missing mask %s", rs, Integer.toBinaryString(mask)).isDeepEqualTo(original);
            patterns++;
        }
        assertThat(patterns).isPositive();
        boolean[] tooFew = new boolean[total];
        Arrays.fill(tooFew, rs.parityShards() + 1, total, true);
        assertThatThrownBy(() -> rs.reconstruct(deepCopy(original), tooFew, 0, length))
                .isInstanceOf(TooFewShardsException.class);
    }

    private static byte[][] randomShards(Random random, int count, int length) {
        byte[][] shards = new byte[count][length];
        for (byte[] shard : shards) {
            random.nextBytes(shard);
        }
        return shards;
    }

    private static byte[][] withParity(byte[][] data, int m, int parityLength) {
        byte[][] all = Arrays.copyOf(deepCopy(data), data.length + m);
        for (int p = 0; p < m; p++) {
            all[data.length + p] = new byte[parityLength];
        }
        return all;
    }

    private static byte[][] deepCopy(byte[][] shards) {
        byte[][] copy = new byte[shards.length][];
        for (int s = 0; s < shards.length; s++) {
            copy[s] = shards[s].clone();
        }
        return copy;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
