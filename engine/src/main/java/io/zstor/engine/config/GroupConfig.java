package io.zstor.engine.config;

import io.zstor.engine.backend.BackendSpec;
import java.util.List;

/**
 * One {@code [[groups]]} entry: backends that share a failure domain (for example one farm).
 *
 * @param backends the group's sequential-mode data backends
 */
public record GroupConfig(List<BackendSpec> backends) {
    /** Copies the list. */
    public GroupConfig {
        backends = List.copyOf(backends);
    }
}
