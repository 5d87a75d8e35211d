package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One decoded RESP request: the command name and its binary-safe arguments as slices of the received frame
 * (no copy of large values). Reference counted: whoever consumes it releases it, which frees the frame.
 */
final class ZdbRequest extends AbstractReferenceCounted {

    private final ByteBuf frame;
    private final ByteBuf[] parts;

    /**
     * @param frame the retained bytes of the whole frame, released with this request
     * @param parts slices of {@code frame}: command name, then arguments
     */
    ZdbRequest(ByteBuf frame, ByteBuf[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a request has at least a command name");
        }
        this.frame = frame;
        this.parts = parts;
    }

    /** Upper-case command name (ISO-8859-1, so any byte maps to one char). */
    String command() {
        return parts[0].toString(StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /** Number of arguments after the command name. */
    int argCount() {
        return parts.length - 1;
    }

    /** A copy of argument {@code i} (0 = first after the command name). */
    byte[] arg(int i) {
        return ByteBufUtil.getBytes(parts[i + 1]);
    }

    /** Length of argument {@code i}. */
    int argLength(int i) {
        return parts[i + 1].readableBytes();
    }

    /** Argument {@code i} as a slice, valid until this request is released. */
    ByteBuf argBuf(int i) {
        return parts[i + 1];
    }

    /** Argument {@code i} as an ISO-8859-1 string (byte-preserving). */
    String argString(int i) {
        return parts[i + 1].toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    protected void deallocate() {
        frame.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        frame.touch(hint);
        return this;
    }
}
