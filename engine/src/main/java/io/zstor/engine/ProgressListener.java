package io.zstor.engine;

/**
 * Receives progress of a store or retrieve after every block, on an engine thread: implementations must be
 * fast and must not block.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param bytesDone original bytes processed so far
     * @param bytesTotal total bytes, or -1 when unknown (streams)
     */
    void onProgress(long bytesDone, long bytesTotal);
}
