package io.zstor.transport.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes {@link DaemonMessage}s into frames and decodes frame payloads back. Stateless; the streaming
 * side (splitting a byte stream into frames) is {@link FrameDecoder}.
 */
public final class FrameCodec {

    private FrameCodec() {
    }

    /**
     * Encodes one message as a complete frame.
     *
     * @throws ProtocolException if the payload would exceed {@link DaemonProtocol#MAX_PAYLOAD}
     */
    public static ByteBuf encode(DaemonMessage message, ByteBufAllocator alloc) {
        // a data frame gets its exact size up front: grown from the default 256 bytes, each 256 KiB frame was
        // copied through about ten reallocations, the larger ones into fresh zeroed direct buffers (netty's
        // adaptive allocator pools no buffer above 16.9 KiB when the direct memory limit is under 512 MiB, as
        // the launcher's heap makes it)
        ByteBuf buf = message instanceof DataChunk d ? alloc.buffer(DaemonProtocol.HEADER_SIZE + d.length())
                : alloc.buffer();
        try {
            buf.writeShort(DaemonProtocol.MAGIC);
            buf.writeByte(DaemonProtocol.VERSION);
            buf.writeByte(message.type().code());
            buf.writeInt(0);
            writePayload(message, new PayloadWriter(buf));
            int len = buf.readableBytes() - DaemonProtocol.HEADER_SIZE;
            if (len > DaemonProtocol.MAX_PAYLOAD) {
                throw new ProtocolException(message.type() + " payload of " + len + " bytes exceeds the maximum of "
                        + DaemonProtocol.MAX_PAYLOAD);
            }
            buf.setInt(4, len);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private static void writePayload(DaemonMessage message, PayloadWriter w) {
        if (message instanceof DaemonRequest.Store s) {
            w.string(s.file()).optionalString(s.keyPath())
                    .u8((s.saveFailure() ? 1 : 0) | (s.delete() ? 2 : 0) | (s.blocking() ? 4 : 0));
        } else if (message instanceof DaemonRequest.StoreStream s) {
            w.objectRef(s.target());
        } else if (message instanceof DaemonRequest.Retrieve r) {
            w.string(r.file());
        } else if (message instanceof DaemonRequest.RetrieveStream r) {
            w.objectRef(r.target());
        } else if (message instanceof DaemonRequest.Rebuild r) {
            w.objectRef(r.target());
        } else if (message instanceof DaemonRequest.Check c) {
            w.objectRef(c.target());
        } else if (message instanceof DaemonRequest.Delete d) {
            w.objectRef(d.target());
        } else if (message instanceof DaemonRequest.RecordFailure f) {
            w.string(f.file()).string(f.reason());
        } else if (message instanceof DaemonReply.Ok ok) {
            w.fields(ok.result());
        } else if (message instanceof DaemonReply.Error e) {
            w.u8(e.kind().code()).string(e.message());
        } else if (message instanceof DaemonReply.Progress p) {
            w.i64(p.bytesDone()).i64(p.bytesTotal());
        } else if (message instanceof DaemonReply.Row r) {
            w.fields(r.fields());
        } else if (message instanceof DataChunk d) {
            w.bytes(d.array(), d.offset(), d.length());
        } else if (message instanceof ProtocolViolation) {
            throw new IllegalArgumentException("a protocol violation is not a wire message");
        }
        // ListObjects, Status, Failures, Test, DataEnd: empty payload
    }

    /**
     * Decodes the payload of one frame of the given type; the whole payload must be consumed.
     *
     * @throws ProtocolException on any malformed payload
     */
    public static DaemonMessage decode(MessageType type, ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        DaemonMessage m = switch (type) {
            case STORE -> {
                String file = r.string();
                var keyPath = r.optionalString();
                int flags = r.u8();
                if ((flags & ~7) != 0) {
                    throw new ProtocolException("unknown store flags 0x" + Integer.toHexString(flags));
                }
                yield new DaemonRequest.Store(file, keyPath, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
            }
            case STORE_STREAM -> new DaemonRequest.StoreStream(r.objectRef());
            case RETRIEVE -> new DaemonRequest.Retrieve(r.string());
            case RETRIEVE_STREAM -> new DaemonRequest.RetrieveStream(r.objectRef());
            case REBUILD -> new DaemonRequest.Rebuild(r.objectRef());
            case CHECK -> new DaemonRequest.Check(r.objectRef());
            case DELETE -> new DaemonRequest.Delete(r.objectRef());
            case LIST -> new DaemonRequest.ListObjects();
            case STATUS -> new DaemonRequest.Status();
            case FAILURES -> new DaemonRequest.Failures();
            case TEST -> new DaemonRequest.Test();
            case RECORD_FAILURE -> new DaemonRequest.RecordFailure(r.string(), r.string());
            case DATA -> new DataChunk(r.rest());
            case DATA_END -> DataEnd.INSTANCE;
            case OK -> new DaemonReply.Ok(r.fields());
            case ERROR -> new DaemonReply.Error(ErrorKind.of(r.u8()), r.string());
            case PROGRESS -> new DaemonReply.Progress(r.i64(), r.i64());
            case ROW -> new DaemonReply.Row(r.fields());
        };
        r.end();
        return m;
    }
}
