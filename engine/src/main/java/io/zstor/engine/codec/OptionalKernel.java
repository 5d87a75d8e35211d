package io.zstor.engine.codec;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A SIMD kernel that a JVM may or may not be able to run: loaded reflectively, once, so that the codecs link
 * and work on a JVM started without {@code --add-modules jdk.incubator.vector}, and checked against the
 * scalar kernel before use, so that a broken port is never used. Keeps why it is missing for the error
 * a caller gets when it insists on it. Immutable and thread-safe.
 *
 * @param <T> the kernel interface
 */
public final class OptionalKernel<T> {

    private final String name;
    private final T kernel;
    private final String reason;

    private OptionalKernel(String name, T kernel, String reason) {
        this.name = name;
        this.kernel = kernel;
        this.reason = reason;
    }

    /**
     * Creates the kernel and runs {@code selfTest} on it.
     *
     * @param name what the kernel is, for the error message ("vector BLAKE2b kernel")
     * @param factory creates the kernel, typically reflectively from the kernel's own package (its
     *     constructor need not be public)
     * @param selfTest throws when the kernel computes a wrong result
     */
    public static <T> OptionalKernel<T> load(String name, Callable<? extends T> factory, Consumer<? super T> selfTest) {
        try {
            T kernel = factory.call();
            selfTest.accept(kernel);
            return new OptionalKernel<>(name, kernel, null);
        } catch (Throwable e) { // NoClassDefFoundError when jdk.incubator.vector is not in the module graph
            return new OptionalKernel<>(name, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Whether the kernel can run in this JVM. */
    public boolean available() {
        return kernel != null;
    }

    /**
     * The kernel.
     *
     * @throws IllegalStateException naming why it is unavailable and how to make it available
     */
    public T get() {
        if (kernel == null) {
            throw new IllegalStateException("the " + name + " is unavailable (" + reason
                    + "); start the JVM with --add-modules jdk.incubator.vector or use the scalar kernel");
        }
        return kernel;
    }

    /**
     * Reads a system property that forces a kernel.
     *
     * @return {@code true} for {@code vector}, {@code false} for {@code scalar}, {@code null} when unset
     * @throws IllegalArgumentException for any other value
     */
    public static Boolean forcedVector(String property) {
        String forced = System.getProperty(property);
        if (forced == null || forced.isBlank()) {
            return null;
        }
        switch (forced.trim().toLowerCase(Locale.ROOT)) {
            case "scalar":
                return Boolean.FALSE;
            case "vector":
                return Boolean.TRUE;
            default:
                throw new IllegalArgumentException("system property " + property + " must be 'scalar' or 'vector', got '"
                        + forced + "'");
        }
    }
}
