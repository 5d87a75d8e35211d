package io.zstor.engine.codec.rs;

import io.zstor.engine.codec.OptionalKernel;

/**
 * Finds the kernels the runtime can run. The vector kernel is loaded reflectively so that this package
 * links and works on a JVM started without {@code --add-modules jdk.incubator.vector}; the system property
 * {@value ReedSolomon#KERNEL_PROPERTY} ({@code scalar} or {@code vector}) overrides the automatic choice.
 */
final class KernelLoader {

    private static final String VECTOR_CLASS = "io.zstor.engine.codec.rs.VectorGaloisKernel";

    private KernelLoader() {
    }

    /** The kernel {@link ReedSolomon#create(int, int)} uses: the property if set, else vector when available. */
    static Kernel defaultKind() {
        Boolean forced = OptionalKernel.forcedVector(ReedSolomon.KERNEL_PROPERTY);
        if (forced == null) {
            return VectorHolder.KERNEL.available() ? Kernel.VECTOR : Kernel.SCALAR;
        }
        return forced ? Kernel.VECTOR : Kernel.SCALAR;
    }

    /** Whether {@code kind} can run in this JVM. */
    static boolean isAvailable(Kernel kind) {
        return kind == Kernel.SCALAR || VectorHolder.KERNEL.available();
    }

    /**
     * The kernel for {@code kind}.
     *
     * @throws IllegalStateException when the vector kernel is asked for but the runtime lacks the module
     */
    static GaloisKernel load(Kernel kind) {
        return kind == Kernel.SCALAR ? ScalarGaloisKernel.INSTANCE : VectorHolder.KERNEL.get();
    }

    /** Lazily tries the vector kernel once per JVM. */
    private static final class VectorHolder {
        static final OptionalKernel<GaloisKernel> KERNEL =
                OptionalKernel.load("vector Reed-Solomon kernel",
                        () -> (GaloisKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance(),
                        VectorHolder::selfTest);

        /** Checks the vector kernel against the scalar one on a small block. */
        private static void selfTest(GaloisKernel kernel) {
            byte[][] rows = {{(byte) 0x8E, 1, 0}, {7, (byte) 0xFF, 2}};
            byte[][] in = new byte[3][77];
            for (int i = 0; i < in.length; i++) {
                for (int b = 0; b < in[i].length; b++) {
                    in[i][b] = (byte) (i * 31 + b * 7);
                }
            }
            int[] offsets = {0, 0, 0};
            byte[][] expected = new byte[2][77];
            byte[][] actual = new byte[2][77];
            ScalarGaloisKernel.INSTANCE.plan(rows).apply(in, offsets, expected, offsets, 77);
            kernel.plan(rows).apply(in, offsets, actual, offsets, 77);
            if (!java.util.Arrays.deepEquals(expected, actual)) {
                throw new IllegalStateException("vector kernel self-test failed");
            }
        }
    }
}
