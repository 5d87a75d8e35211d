package io.zstor.engine;

import java.util.List;

/**
 * The outcome of a rebuild.
 *
 * @param key the object key
 * @param dataShards k after the rebuild
 * @param parityShards m after the rebuild
 * @param piecesRewritten pieces written (0 when the object was already healthy)
 * @param backends backend display names per piece index after the rebuild
 */
public record RebuildResult(String key, int dataShards, int parityShards, int piecesRewritten, List<String> backends) {
    /** Copies the list. */
    public RebuildResult {
        backends = List.copyOf(backends);
    }
}
