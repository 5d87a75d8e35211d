package io.zstor.engine;

import java.util.List;

/**
 * The status of every configured backend, metadata backends first as the original prints them.
 *
 * @param metadata the four metadata backends
 * @param data the data backends of all groups
 */
public record ClusterStatus(List<BackendStatus> metadata, List<BackendStatus> data) {
    /** Copies the lists. */
    public ClusterStatus {
        metadata = List.copyOf(metadata);
        data = List.copyOf(data);
    }
}
