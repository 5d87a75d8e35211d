package io.zstor.engine.testing;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.placement.BackendHealth;
import io.zstor.engine.placement.PlacementException;
import io.zstor.engine.placement.PlacementStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trivial placement for tests: keeps the fixed pieces and fills the other indices with the first writable
 * backends in config order. It ignores the group policy on purpose (tests of the pipeline, not placement).
 */
public final class FirstFitPlacement implements PlacementStrategy {

    @Override
    public List<BackendSpec> place(ZstorConfig config, BackendHealth health, Map<Integer, BackendSpec> fixed) {
        int n = config.expectedShards();
        BackendSpec[] chosen = new BackendSpec[n];
        Set<BackendSpec> used = new HashSet<>();
        fixed.forEach((i, spec) -> {
            if (i < n) {
                chosen[i] = spec;
                used.add(spec);
            }
        });
        List<BackendSpec> candidates = new ArrayList<>();
        for (GroupConfig g : config.groups()) {
            for (BackendSpec spec : g.backends()) {
                if (!used.contains(spec) && health.state(spec).writable()) {
                    candidates.add(spec);
                }
            }
        }
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (chosen[i] == null) {
                if (next >= candidates.size()) {
                    throw new PlacementException("not enough usable backends: need " + n);
                }
                chosen[i] = candidates.get(next++);
            }
        }
        return List.of(chosen);
    }
}
