package io.zstor.engine.placement;

/** What the engine currently knows about a backend. */
public enum BackendState {
    /** Not checked yet, or failing for less than the grace period: usable, but healthy ones are preferred. */
    UNKNOWN,
    /** Answered its last check and has room. */
    HEALTHY,
    /** Answered, but free space is below the threshold: never chosen for new pieces. */
    FULL,
    /** Failing for longer than the grace period: never chosen; its pieces need repair. */
    UNREACHABLE;

    /** Whether new pieces may be placed on a backend in this state. */
    public boolean writable() {
        return this == UNKNOWN || this == HEALTHY;
    }
}
