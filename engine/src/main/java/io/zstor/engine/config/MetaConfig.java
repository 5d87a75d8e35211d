package io.zstor.engine.config;

import io.zstor.engine.backend.BackendSpec;
import java.util.List;

/**
 * {@code [meta]} with {@code type = "zdb"} and {@code [meta.config]}: the key prefix, the key that encrypts
 * metadata (the original parsed but ignored it; zstor uses it), and exactly four user-key backends.
 *
 * @param type always {@code "zdb"}
 * @param prefix key prefix in the metadata namespaces
 * @param encryption the metadata encryption
 * @param backends the four metadata backends, in config order
 */
public record MetaConfig(String type, String prefix, EncryptionConfig encryption, List<BackendSpec> backends) {
    /** Copies the list. */
    public MetaConfig {
        backends = List.copyOf(backends);
    }
}
