package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Writes RESP2 replies exactly as 0-db sends them: simple strings, simple errors without an {@code ERR}
 * prefix, integers, bulk strings, the nil bulk {@code $-1} and array headers.
 */
final class Resp {

    private static final byte[] CRLF = {'\r', '\n'};

    private Resp() {
    }

    /** {@code +text\r\n}. */
    static ByteBuf simple(ByteBufAllocator alloc, String text) {
        ByteBuf buf = alloc.buffer(text.length() + 3);
        buf.writeByte('+').writeCharSequence(text, StandardCharsets.ISO_8859_1);
        return buf.writeBytes(CRLF);
    }

    /** {@code -text\r\n}. */
    static ByteBuf error(ByteBufAllocator alloc, String text) {
        ByteBuf buf = alloc.buffer(text.length() + 3);
        buf.writeByte('-').writeCharSequence(text, StandardCharsets.ISO_8859_1);
        return buf.writeBytes(CRLF);
    }

    /** {@code :n\r\n}. */
    static ByteBuf integer(ByteBufAllocator alloc, long n) {
        return writeInteger(alloc.buffer(24), n);
    }

    /** {@code $-1\r\n}. */
    static ByteBuf nil(ByteBufAllocator alloc) {
        return writeNil(alloc.buffer(5));
    }

    /** {@code $len\r\nbytes\r\n}. */
    static ByteBuf bulk(ByteBufAllocator alloc, byte[] value) {
        return writeBulk(alloc.buffer(value.length + 16), value);
    }

    /** Appends {@code :n\r\n}. */
    static ByteBuf writeInteger(ByteBuf buf, long n) {
        buf.writeByte(':').writeCharSequence(Long.toString(n), StandardCharsets.US_ASCII);
        return buf.writeBytes(CRLF);
    }

    /** Appends {@code $-1\r\n}. */
    static ByteBuf writeNil(ByteBuf buf) {
        buf.writeByte('$').writeByte('-').writeByte('1');
        return buf.writeBytes(CRLF);
    }

    /** Appends a bulk header {@code $len\r\n}. */
    static ByteBuf writeBulkHeader(ByteBuf buf, int length) {
        buf.writeByte('$').writeCharSequence(Integer.toString(length), StandardCharsets.US_ASCII);
        return buf.writeBytes(CRLF);
    }

    /** Appends a complete bulk string. */
    static ByteBuf writeBulk(ByteBuf buf, byte[] value) {
        writeBulkHeader(buf, value.length);
        buf.writeBytes(value);
        return buf.writeBytes(CRLF);
    }

    /** Appends CRLF (end of a bulk payload written separately). */
    static ByteBuf writeCrlf(ByteBuf buf) {
        return buf.writeBytes(CRLF);
    }

    /** Appends an array header {@code *n\r\n}. */
    static ByteBuf writeArrayHeader(ByteBuf buf, int n) {
        buf.writeByte('*').writeCharSequence(Integer.toString(n), StandardCharsets.US_ASCII);
        return buf.writeBytes(CRLF);
    }
}
