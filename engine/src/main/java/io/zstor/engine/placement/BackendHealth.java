package io.zstor.engine.placement;

import io.zstor.engine.backend.BackendSpec;

/**
 * A read-only view of backend health, fed by the backend monitor and read by placement.
 */
public interface BackendHealth {

    /** State of a backend; {@link BackendState#UNKNOWN} for one never checked. */
    BackendState state(BackendSpec backend);

    /** Last known free bytes, or {@code Long.MAX_VALUE} when unknown. */
    long freeBytes(BackendSpec backend);

    /** A view in which every backend is healthy with unknown free space. */
    static BackendHealth allHealthy() {
        return new BackendHealth() {
            @Override
            public BackendState state(BackendSpec backend) {
                return BackendState.HEALTHY;
            }

            @Override
            public long freeBytes(BackendSpec backend) {
                return Long.MAX_VALUE;
            }
        };
    }
}
