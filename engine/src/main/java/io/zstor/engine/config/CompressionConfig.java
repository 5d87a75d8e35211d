package io.zstor.engine.config;

/**
 * {@code [compression]}: the algorithm, {@code "snappy"} (exact, lower case).
 *
 * @param algorithm always {@code "snappy"}
 */
public record CompressionConfig(String algorithm) {
}
