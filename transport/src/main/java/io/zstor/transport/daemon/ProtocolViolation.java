package io.zstor.transport.daemon;

/**
 * Emitted by the frame decoder in place of a frame it could not decode; once emitted, the decoder discards
 * the rest of the connection's input. Never sent on the wire.
 *
 * @param reason one-line description of what was wrong
 */
record ProtocolViolation(String reason) implements DaemonMessage {

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }
}
