package io.zstor.transport.daemon;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Writes payload fields in the layout {@link PayloadReader} reads. */
final class PayloadWriter {

    private final ByteBuf buf;

    PayloadWriter(ByteBuf buf) {
        this.buf = buf;
    }

    PayloadWriter u8(int v) {
        buf.writeByte(v);
        return this;
    }

    PayloadWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    PayloadWriter i64(long v) {
        buf.writeLong(v);
        return this;
    }

    PayloadWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.writeInt(b.length);
        buf.writeBytes(b);
        return this;
    }

    PayloadWriter optionalString(Optional<String> s) {
        bool(s.isPresent());
        s.ifPresent(this::string);
        return this;
    }

    PayloadWriter objectRef(ObjectRef ref) {
        u8(ref.kind().ordinal());
        return string(ref.value());
    }

    PayloadWriter fields(Fields f) {
        if (f.size() > PayloadReader.MAX_FIELDS) {
            throw new ProtocolException(f.size() + " fields exceed the limit of " + PayloadReader.MAX_FIELDS);
        }
        buf.writeShort(f.size());
        for (Map.Entry<String, String> e : f.asMap().entrySet()) {
            string(e.getKey());
            string(e.getValue());
        }
        return this;
    }

    PayloadWriter bytes(byte[] b, int offset, int length) {
        buf.writeBytes(b, offset, length);
        return this;
    }
}
