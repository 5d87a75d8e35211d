package io.zstor.transport.daemon;

/**
 * Receives progress of a running command; the server forwards it to the client as
 * {@link DaemonReply.Progress} frames (lossy: only the newest values matter). Must not block.
 */
@FunctionalInterface
public interface ProgressSink {

    /** Discards progress. */
    ProgressSink NONE = (done, total) -> { };

    /**
     * Reports progress.
     *
     * @param bytesDone bytes processed so far
     * @param bytesTotal total bytes, or -1 when unknown
     */
    void onProgress(long bytesDone, long bytesTotal);
}
