package io.zstor.transport.daemon;

/**
 * Any decoded frame of the daemon protocol: a {@link DaemonRequest request}, a {@link DaemonReply reply},
 * or a stream frame ({@link DataChunk}, {@link DataEnd}).
 */
public sealed interface DaemonMessage permits DaemonRequest, DaemonReply, DataEnd, ProtocolViolation {

    /** The wire type of this message. */
    MessageType type();
}
