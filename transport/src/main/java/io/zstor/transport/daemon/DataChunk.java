package io.zstor.transport.daemon;

import java.nio.ByteBuffer;

/**
 * A chunk of object bytes: client to daemon after a {@link DaemonRequest.StoreStream}, daemon to client
 * for a {@link DaemonRequest.RetrieveStream}. At most {@link DaemonProtocol#MAX_PAYLOAD} bytes.
 *
 * @param bytes the chunk (owned by this record, not copied)
 */
public record DataChunk(byte[] bytes) implements DaemonReply {

    /** Wraps the chunk without copying. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public MessageType type() {
        return MessageType.DATA;
    }

    @Override
    public String toString() {
        return "DataChunk[" + bytes.length + " bytes]";
    }
}
