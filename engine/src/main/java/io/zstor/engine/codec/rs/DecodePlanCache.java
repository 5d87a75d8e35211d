package io.zstor.engine.codec.rs;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, least-recently-used cache of {@link DecodePlan}s keyed by erasure pattern, so repeated
 * reconstructions with the same shards missing skip the matrix inversion. Thread-safe; a plan is at most
 * computed twice when two threads miss at once, which is harmless.
 */
final class DecodePlanCache {

    private final int capacity;
    private final Map<BitSet, DecodePlan> plans;

    /** @param capacity most patterns kept */
    DecodePlanCache(int capacity) {
        this.capacity = capacity;
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<BitSet, DecodePlan> eldest) {
                return size() > DecodePlanCache.this.capacity;
            }
        };
    }

    /** The plan for the pattern {@code present}, built by {@code builder} on a miss. */
    DecodePlan get(boolean[] present, Function<boolean[], DecodePlan> builder) {
        BitSet key = new BitSet(present.length);
        for (int s = 0; s < present.length; s++) {
            if (present[s]) {
                key.set(s);
            }
        }
        DecodePlan plan;
        synchronized (plans) {
            plan = plans.get(key);
        }
        if (plan == null) {
            plan = builder.apply(present.clone());
            synchronized (plans) {
                plans.put(key, plan);
            }
        }
        return plan;
    }

    /** Number of cached patterns. */
    int size() {
        synchronized (plans) {
            return plans.size();
        }
    }
}
