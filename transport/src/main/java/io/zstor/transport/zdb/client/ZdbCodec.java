package io.zstor.transport.zdb.client;

import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;

/**
 * Keys as {@code byte[]}, values as {@link ByteBuffer}. Encoding hands lettuce a duplicate of the caller's
 * buffer, so a value is copied once, straight into the outbound netty buffer (lettuce's plain-codec path;
 * its {@code ToByteBufEncoder} path would copy twice). Decoding copies out of the netty buffer, which lettuce
 * releases after the reply.
 */
final class ZdbCodec implements RedisCodec<byte[], ByteBuffer> {

    static final ZdbCodec INSTANCE = new ZdbCodec();

    private static final byte[] EMPTY = new byte[0];

    private ZdbCodec() {
    }

    @Override
    public byte[] decodeKey(ByteBuffer bytes) {
        return copy(bytes);
    }

    @Override
    public ByteBuffer decodeValue(ByteBuffer bytes) {
        if (bytes == null) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer out = ByteBuffer.allocate(bytes.remaining());
        out.put(bytes).flip();
        return out;
    }

    @Override
    public ByteBuffer encodeKey(byte[] key) {
        return ByteBuffer.wrap(key == null ? EMPTY : key);
    }

    @Override
    public ByteBuffer encodeValue(ByteBuffer value) {
        return value == null ? ByteBuffer.wrap(EMPTY) : value.duplicate();
    }

    static byte[] copy(ByteBuffer bytes) {
        if (bytes == null) {
            return EMPTY;
        }
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }
}
