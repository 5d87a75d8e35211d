package io.zstor.engine.codec;

import java.util.Arrays;

/**
 * Chooses the {@link Blake2bKernel} a new {@link Blake2b128} uses: the scalar kernel unless the system
 * property {@value #PROPERTY} is {@code vector}. The vector kernel is loaded reflectively, and only when
 * asked for, so that this package links and works on a JVM started without
 * {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Why scalar by default even with the module present (measured, {@code perf/results/blake2b.md}): on
 * JDK 25 the scalar kernel is faster outright (the vector kernel is bound by the latency of its dependency
 * chain); on JDK 17 the vector kernel is faster once compiled, but a Vector API method runs boxed and
 * 100x slower until C2 compiles it, which costs a fresh JVM about 0.5-1 s of CPU, so a one-shot CLI
 * process would have to hash several GiB before it gains. A long-running JDK 17 process (the daemon) may
 * set the property to {@code vector}.
 */
final class Blake2bKernels {

    /** System property forcing a kernel: {@code scalar} or {@code vector}. */
    static final String PROPERTY = "zstor.blake2b.kernel";

    private static final String VECTOR_CLASS = "io.zstor.engine.codec.VectorBlake2bKernel";

    private Blake2bKernels() {
    }

    /** The kernel for a new {@link Blake2b128}: the one {@value #PROPERTY} names, else the scalar kernel. */
    static Blake2bKernel forNewInstance() {
        return Boolean.TRUE.equals(OptionalKernel.forcedVector(PROPERTY)) ? vector() : ScalarBlake2bKernel.INSTANCE;
    }

    /** The portable kernel. */
    static Blake2bKernel scalar() {
        return ScalarBlake2bKernel.INSTANCE;
    }

    /** Whether the vector kernel can run in this JVM. */
    static boolean vectorAvailable() {
        return VectorHolder.KERNEL.available();
    }

    /**
     * The vector kernel.
     *
     * @throws IllegalStateException when the runtime lacks the module or 256-bit vectors
     */
    static Blake2bKernel vector() {
        return VectorHolder.KERNEL.get();
    }

    /** Lazily tries the vector kernel once per JVM. */
    private static final class VectorHolder {
        static final OptionalKernel<Blake2bKernel> KERNEL =
                OptionalKernel.load("vector BLAKE2b kernel",
                        () -> (Blake2bKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance(),
                        VectorHolder::selfTest);

        /** Checks the vector kernel against the scalar one on two blocks. */
        private static void selfTest(Blake2bKernel kernel) {
            long[] m = new long[16];
            for (int i = 0; i < m.length; i++) {
                m[i] = 0x9e3779b97f4a7c15L * (i + 1);
            }
            long[] expected = new long[8];
            long[] actual = new long[8];
            long[] work = new long[16];
            for (int i = 0; i < 8; i++) {
                expected[i] = (long) i << 40 | i;
                actual[i] = expected[i];
            }
            ScalarBlake2bKernel.INSTANCE.compress(expected, m, work, 128, 0, 0);
            kernel.compress(actual, m, work, 128, 0, 0);
            ScalarBlake2bKernel.INSTANCE.compress(expected, m, work, 200, 7, -1L);
            kernel.compress(actual, m, work, 200, 7, -1L);
            if (!Arrays.equals(expected, actual)) {
                throw new IllegalStateException("vector BLAKE2b kernel self-test failed");
            }
        }
    }
}
