package io.zstor.engine.latency;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;

/**
 * Receives the duration of every 0-db command the engine sends, per backend and command. The engine opens
 * metadata namespaces in {@link NamespaceMode#USER} mode and data namespaces in
 * {@link NamespaceMode#SEQUENTIAL} mode, so the mode tells the backend's role.
 *
 * <p>Called on the thread that completed the command (often a network event loop): implementations must be
 * thread-safe, cheap and non-blocking, and must not throw.
 */
@FunctionalInterface
public interface BackendLatencyListener {

    /** Records nothing; the engine then does not time commands at all. */
    BackendLatencyListener NONE = (backend, mode, op, outcome, nanos) -> { };

    /**
     * One command ended.
     *
     * @param backend the backend (implementations must not expose its password)
     * @param mode the namespace mode the backend was opened in: user-key for metadata, sequential for data
     * @param op the command
     * @param outcome how it ended
     * @param nanos from subscription (the command being issued) to its end
     */
    void record(BackendSpec backend, NamespaceMode mode, ZdbOp op, Outcome outcome, long nanos);
}
