package io.zstor.engine.latency;

/**
 * Receives the duration of each stage of the data path ({@link Stage}), once per block or metadata record.
 * Called on engine threads (coding scheduler, network event loops): implementations must be thread-safe,
 * cheap and non-blocking, and must not throw.
 */
@FunctionalInterface
public interface StageListener {

    /** Records nothing. */
    StageListener NONE = (stage, outcome, nanos) -> { };

    /**
     * One stage ended.
     *
     * @param stage the stage
     * @param outcome how it ended
     * @param nanos its duration
     */
    void record(Stage stage, Outcome outcome, long nanos);
}
