package io.zstor.transport.daemon;

/** Marks the end of an upload stream (client to daemon); the stored object is complete. */
public record DataEnd() implements DaemonMessage {

    /** The single instance worth using. */
    public static final DataEnd INSTANCE = new DataEnd();

    @Override
    public MessageType type() {
        return MessageType.DATA_END;
    }
}
