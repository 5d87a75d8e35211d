package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Decodes RESP2 requests (arrays of bulk strings) without trusting the peer.
 *
 * <p>Every length is checked while its header is read: at most {@value #MAX_ARGUMENTS} arguments, bulk
 * strings of at most {@value #MAX_BULK} bytes (0-db's 8 MiB), all of a request's bulk strings together at
 * most {@value #MAX_PAYLOAD} bytes (no 0-db command takes more than one value, so 1,024 arguments of 8 MiB
 * would only make the server buffer 8 GiB), header lines of at most {@value #MAX_LINE} bytes. Nothing is
 * allocated before a whole frame is buffered, so memory per connection is bounded by one frame; a decoded
 * request is one copy of its frame. A violation produces a {@link ProtocolViolation} carrying 0-db's error text;
 * the decoder then discards all further input and the handler closes the connection after replying.
 */
final class RespRequestDecoder extends ByteToMessageDecoder {

    /** 0-db's maximum number of arguments in one request. */
    static final int MAX_ARGUMENTS = 1024;
    /** 0-db's maximum size of one bulk argument (8 MiB). */
    static final int MAX_BULK = 8 * 1024 * 1024;
    /** Most bytes of all bulk arguments of one request together: one largest value and 1 MiB besides. */
    static final int MAX_PAYLOAD = MAX_BULK + 1024 * 1024;
    /** Longest accepted header line ({@code *N} or {@code $N}) including CRLF. */
    static final int MAX_LINE = 24;

    private static final int INCOMPLETE = -2;

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            Object frame = decodeOne(ctx, in);
            if (frame == null) {
                return;
            }
            out.add(frame);
            if (frame instanceof ProtocolViolation) {
                failed = true;
                in.skipBytes(in.readableBytes());
                return;
            }
        }
    }

    /** Returns a request, a violation, or null when more bytes are needed (nothing consumed then). */
    private Object decodeOne(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (in.getByte(start) != '*') {
            return new ProtocolViolation("Malformed request, array expected");
        }
        long count = readNumber(in, start + 1, end);
        if (count == INCOMPLETE) {
            return null;
        }
        if (count == -1) {
            return new ProtocolViolation("Malformed request, array expected");
        }
        if (count == 0) {
            return new ProtocolViolation("Missing arguments");
        }
        if (count > MAX_ARGUMENTS) {
            return new ProtocolViolation("Too many arguments");
        }
        int pos = lineEnd(in, start + 1, end);
        int[] offsets = new int[(int) count];
        int[] lengths = new int[(int) count];
        long payload = 0;
        for (int i = 0; i < count; i++) {
            if (pos >= end) {
                return null;
            }
            if (in.getByte(pos) != '$') {
                return new ProtocolViolation("Malformed query string");
            }
            long len = readNumber(in, pos + 1, end);
            if (len == INCOMPLETE) {
                return null;
            }
            if (len < 0) {
                return new ProtocolViolation("Malformed query string");
            }
            payload += len;
            if (len > MAX_BULK || payload > MAX_PAYLOAD) {
                return new ProtocolViolation("Payload too big");
            }
            int dataStart = lineEnd(in, pos + 1, end);
            long dataEnd = (long) dataStart + len;
            if (dataEnd + 2 > end) {
                return null;
            }
            if (in.getByte((int) dataEnd) != '\r' || in.getByte((int) dataEnd + 1) != '\n') {
                return new ProtocolViolation("Malformed query string");
            }
            offsets[i] = dataStart;
            lengths[i] = (int) len;
            pos = (int) dataEnd + 2;
        }
        // an independent pooled copy: the request may be released on another thread, and slices of the
        // cumulation buffer must not outlive it
        ByteBuf frame = ctx.alloc().directBuffer(pos - start);
        frame.writeBytes(in, start, pos - start);
        ByteBuf[] parts = new ByteBuf[(int) count];
        for (int i = 0; i < count; i++) {
            parts[i] = frame.slice(offsets[i] - start, lengths[i]);
        }
        in.readerIndex(pos);
        return new ZdbRequest(frame, parts);
    }

    /**
     * Parses a decimal number from {@code from} up to CRLF. Returns {@link #INCOMPLETE} when the line is not
     * complete yet, -1 when it is not a well-formed non-negative number (or too long), else the value.
     */
    private static long readNumber(ByteBuf in, int from, int end) {
        long value = 0;
        int digits = 0;
        boolean negative = false;
        for (int i = from; i < end; i++) {
            if (i - from >= MAX_LINE) {
                return -1;
            }
            byte b = in.getByte(i);
            if (b == '\r') {
                if (i + 1 >= end) {
                    return INCOMPLETE;
                }
                if (in.getByte(i + 1) != '\n' || digits == 0 || negative) {
                    return -1;
                }
                return value;
            }
            if (b == '-' && i == from) {
                negative = true;
                continue;
            }
            if (b < '0' || b > '9' || digits >= 18) {
                return -1;
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        return INCOMPLETE;
    }

    /** Index just after the CRLF ending the line that starts at {@code from}; the line is known complete. */
    private static int lineEnd(ByteBuf in, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (in.getByte(i) == '\r') {
                return i + 2;
            }
        }
        throw new IllegalStateException("line end not found");
    }
}
