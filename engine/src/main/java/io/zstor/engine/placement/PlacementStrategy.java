package io.zstor.engine.placement;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.ZstorConfig;
import java.util.List;
import java.util.Map;

/**
 * Chooses the backends of one object's pieces.
 */
public interface PlacementStrategy {

    /**
     * Chooses {@code config.expectedShards()} distinct backends; the list order is the piece index order.
     *
     * @param health current backend health; unreachable and full backends are never chosen
     * @param fixed pieces that stay where they are (piece index to backend), for rebuilds; empty for a
     *     new object. The whole placement, fixed pieces included, satisfies the policy.
     * @throws PlacementException when no valid placement exists with the usable backends
     */
    List<BackendSpec> place(ZstorConfig config, BackendHealth health, Map<Integer, BackendSpec> fixed);
}
