package io.zstor.engine.codec.rs;

/**
 * The multiplication kernels a {@link ReedSolomon} codec can run on. Both produce identical bytes; they
 * differ only in speed and in what the runtime must offer.
 */
public enum Kernel {

    /** Plain Java with per-column product tables (one lookup serves eight outputs); runs everywhere. */
    SCALAR,

    /**
     * SIMD nibble-table lookups through the incubating JDK Vector API ({@code jdk.incubator.vector}); needs
     * the JVM started with {@code --add-modules jdk.incubator.vector}.
     */
    VECTOR
}
