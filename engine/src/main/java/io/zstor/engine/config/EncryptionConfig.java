package io.zstor.engine.config;

import io.zstor.engine.backend.Secret;
import java.util.Objects;

/**
 * {@code [encryption]}: the algorithm ({@code "AES"}, exact) and the 32-byte AES-256 key, decoded from 64
 * hex characters. The key is a {@link Secret} so it never reaches logs or {@code toString()}.
 *
 * @param algorithm always {@code "AES"}
 * @param key 32 raw key bytes
 */
public record EncryptionConfig(String algorithm, Secret key) {
    /** Checks presence; the loader checks values. */
    public EncryptionConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(key, "key");
    }
}
