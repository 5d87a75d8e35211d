package io.zstor.transport.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a connection's bytes into frames and decodes each into a {@link DaemonMessage}. A frame header is
 * validated before its payload is buffered, so at most one frame of {@link DaemonProtocol#MAX_PAYLOAD}
 * bytes is ever held. Anything malformed yields one {@link ProtocolViolation} and the decoder then
 * discards all further input of the connection, leaving the reply and the close to the handler.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= DaemonProtocol.HEADER_SIZE) {
            int start = in.readerIndex();
            int magic = in.getUnsignedShort(start);
            int version = in.getUnsignedByte(start + 2);
            int code = in.getUnsignedByte(start + 3);
            long length = in.getUnsignedInt(start + 4);
            String problem = null;
            MessageType type = MessageType.of(code);
            if (magic != DaemonProtocol.MAGIC) {
                problem = "bad frame magic 0x" + Integer.toHexString(magic) + " (not a zstor daemon client?)";
            } else if (version != DaemonProtocol.VERSION) {
                problem = "unsupported protocol version " + version + " (this side speaks " + DaemonProtocol.VERSION + ")";
            } else if (type == null) {
                problem = "unknown message type 0x" + Integer.toHexString(code);
            } else if (length > DaemonProtocol.MAX_PAYLOAD) {
                problem = "frame payload of " + length + " bytes exceeds the maximum of " + DaemonProtocol.MAX_PAYLOAD;
            }
            if (problem != null) {
                fail(in, out, problem);
                return;
            }
            if (in.readableBytes() < DaemonProtocol.HEADER_SIZE + length) {
                return;
            }
            ByteBuf payload = in.slice(start + DaemonProtocol.HEADER_SIZE, (int) length);
            in.skipBytes(DaemonProtocol.HEADER_SIZE + (int) length);
            try {
                out.add(FrameCodec.decode(type, payload));
            } catch (ProtocolException e) {
                fail(in, out, type + " frame: " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                fail(in, out, type + " frame: invalid payload (" + e.getClass().getSimpleName() + ")");
                return;
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            fail(in, out, "truncated frame: connection closed after " + in.readableBytes() + " bytes of a frame");
        }
    }

    private void fail(ByteBuf in, List<Object> out, String problem) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new ProtocolViolation(problem));
    }
}
