package io.zstor.transport.zdb.server;

/**
 * When the persistent server forces its files to stable storage before it acknowledges a write.
 *
 * <p>{@link #NONE} matches 0-db's default: every write reaches the kernel (page cache) before the reply is
 * sent, so it survives a crash or {@code kill -9} of the server process but not a power loss or kernel
 * crash. {@link #EVERY_WRITE} matches {@code --sync}: data and index are {@code fsync}ed before each reply.
 */
public enum SyncPolicy {
    /** Write to the page cache before replying; durable against process crashes. */
    NONE,
    /** fsync data and index before replying; durable against power loss, much slower. */
    EVERY_WRITE
}
