package io.zstor.transport.daemon;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A chunk of object bytes: client to daemon after a {@link DaemonRequest.StoreStream}, daemon to client
 * for a {@link DaemonRequest.RetrieveStream}. At most {@link DaemonProtocol#MAX_PAYLOAD} bytes. A chunk may be
 * a range of a larger array, so that the daemon cuts a retrieved block into frames without copying it.
 *
 * @param array the array holding the chunk (owned by this record, not copied)
 * @param offset where the chunk starts in it
 * @param length the chunk's length
 */
public record DataChunk(byte[] array, int offset, int length) implements DaemonReply {

    /** Checks that the range lies in the array. */
    public DataChunk {
        Objects.checkFromIndexSize(offset, length, array.length);
    }

    /** A chunk of a whole array (owned by this record, not copied). */
    public DataChunk(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** The chunk's bytes: the array itself when the chunk is all of it, else a copy of its range. */
    public byte[] bytes() {
        return offset == 0 && length == array.length ? array : Arrays.copyOfRange(array, offset, offset + length);
    }

    /** Wraps the chunk without copying (position 0, the chunk's length remaining). */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice();
    }

    @Override
    public MessageType type() {
        return MessageType.DATA;
    }

    @Override
    public String toString() {
        return "DataChunk[" + length + " bytes]";
    }
}
