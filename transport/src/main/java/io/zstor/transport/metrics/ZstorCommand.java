package io.zstor.transport.metrics;

import java.util.Locale;

/** Commands counted by {@link ZstorMetrics}; the first four are the original's {@code zstore_*_commands_finished}. */
public enum ZstorCommand {
    /** store */
    STORE,
    /** retrieve */
    RETRIEVE,
    /** rebuild (also repair-triggered) */
    REBUILD,
    /** check (also cache-eviction checks) */
    CHECK,
    /** delete */
    DELETE;

    /** The lower-case label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the original exported a {@code zstore_<command>_commands_finished} counter for it. */
    boolean original() {
        return this != DELETE;
    }
}
