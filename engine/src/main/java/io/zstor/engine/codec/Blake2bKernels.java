package io.zstor.engine.codec;

import java.util.Arrays;
import java.util.Locale;

/**
 * Chooses the {@link Blake2bKernel} a new {@link Blake2b128} uses. The vector kernel is loaded reflectively
 * so that this package links and works on a JVM started without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>The default is the faster kernel of the runtime, as measured ({@code perf/results/blake2b.md}): on
 * JDK 17 the vector kernel (C2 allocates registers poorly for the sixteen scalar working words there), from
 * JDK 25 on the scalar kernel (C2 compiles it well, and the vector kernel is bound by the latency of its
 * dependency chain). Only JDK 17 and 25 were measured; releases in between get the vector kernel. The system
 * property {@value #PROPERTY} ({@code scalar} or {@code vector}) overrides the choice for every new instance.
 */
final class Blake2bKernels {

    /** System property forcing a kernel: {@code scalar} or {@code vector}. */
    static final String PROPERTY = "zstor.blake2b.kernel";

    /** First feature release on which the scalar kernel is the default even when the vector one is available. */
    static final int SCALAR_FROM_RELEASE = 25;

    private static final String VECTOR_CLASS = "io.zstor.engine.codec.VectorBlake2bKernel";

    /** The runtime's default; the vector kernel's classes are not even loaded from {@link #SCALAR_FROM_RELEASE} on. */
    private static final Blake2bKernel DEFAULT = Runtime.version().feature() < SCALAR_FROM_RELEASE
            && VectorHolder.KERNEL != null ? VectorHolder.KERNEL : ScalarBlake2bKernel.INSTANCE;

    private Blake2bKernels() {
    }

    /** The kernel for a new {@link Blake2b128}: the one {@value #PROPERTY} names, else the runtime's default. */
    static Blake2bKernel forNewInstance() {
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank()) {
            return DEFAULT;
        }
        switch (forced.trim().toLowerCase(Locale.ROOT)) {
            case "scalar":
                return ScalarBlake2bKernel.INSTANCE;
            case "vector":
                return vector();
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + " must be 'scalar' or 'vector', got '"
                        + forced + "'");
        }
    }

    /** The portable kernel. */
    static Blake2bKernel scalar() {
        return ScalarBlake2bKernel.INSTANCE;
    }

    /** Whether the vector kernel can run in this JVM. */
    static boolean vectorAvailable() {
        return VectorHolder.KERNEL != null;
    }

    /**
     * The vector kernel.
     *
     * @throws IllegalStateException when the runtime lacks the module or 256-bit vectors
     */
    static Blake2bKernel vector() {
        Blake2bKernel vector = VectorHolder.KERNEL;
        if (vector == null) {
            throw new IllegalStateException("the vector BLAKE2b kernel is unavailable (" + VectorHolder.REASON
                    + "); start the JVM with --add-modules jdk.incubator.vector or use the scalar kernel");
        }
        return vector;
    }

    /** Lazily tries the vector kernel once per JVM. */
    private static final class VectorHolder {
        static final Blake2bKernel KERNEL;
        static final String REASON;

        static {
            Blake2bKernel kernel = null;
            String reason = null;
            try {
                kernel = (Blake2bKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
                selfTest(kernel);
            } catch (Throwable e) { // NoClassDefFoundError when jdk.incubator.vector is not in the module graph
                kernel = null;
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            KERNEL = kernel;
            REASON = reason;
        }

        /** Checks the vector kernel against the scalar one on two blocks, so a broken port is never used. */
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
