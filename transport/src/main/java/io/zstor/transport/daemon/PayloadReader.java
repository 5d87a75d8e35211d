package io.zstor.transport.daemon;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads payload fields with bounds checks: every length is validated against the bytes left, so a hostile
 * payload fails with a {@link ProtocolException} instead of an out-of-bounds read or a huge allocation.
 */
final class PayloadReader {

    /** Upper bound of fields in one {@link Fields} payload. */
    static final int MAX_FIELDS = 4096;

    private final ByteBuf buf;

    PayloadReader(ByteBuf buf) {
        this.buf = buf;
    }

    int u8() {
        need(1, "byte");
        return buf.readUnsignedByte();
    }

    boolean bool() {
        int b = u8();
        if (b > 1) {
            throw new ProtocolException("invalid boolean " + b);
        }
        return b == 1;
    }

    long i64() {
        need(8, "64-bit integer");
        return buf.readLong();
    }

    String string() {
        need(4, "string length");
        long len = buf.readUnsignedInt();
        if (len > buf.readableBytes()) {
            throw new ProtocolException("string of " + len + " bytes exceeds the " + buf.readableBytes() + " bytes left");
        }
        byte[] b = new byte[(int) len];
        buf.readBytes(b);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("string is not valid UTF-8");
        }
    }

    Optional<String> optionalString() {
        return bool() ? Optional.of(string()) : Optional.empty();
    }

    ObjectRef objectRef() {
        int kind = u8();
        ObjectRef.Kind[] kinds = ObjectRef.Kind.values();
        if (kind >= kinds.length) {
            throw new ProtocolException("unknown object reference kind " + kind);
        }
        return new ObjectRef(kinds[kind], string());
    }

    Fields fields() {
        need(2, "field count");
        int n = buf.readUnsignedShort();
        if (n > MAX_FIELDS) {
            throw new ProtocolException(n + " fields exceed the limit of " + MAX_FIELDS);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = string();
            if (map.put(name, string()) != null) {
                throw new ProtocolException("duplicate field '" + printable(name) + "'");
            }
        }
        return Fields.of(map);
    }

    byte[] rest() {
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    void end() {
        if (buf.isReadable()) {
            throw new ProtocolException(buf.readableBytes() + " unexpected trailing payload bytes");
        }
    }

    private void need(int n, String what) {
        if (buf.readableBytes() < n) {
            throw new ProtocolException("payload truncated: " + what + " needs " + n + " bytes, " + buf.readableBytes() + " left");
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
