package io.zstor.transport.zdb.client;

import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Decodes a {@code GET} reply into an array the caller lends ({@link
 * io.zstor.engine.backend.ZdbNamespace#get(byte[], IntFunction)}) instead of a new one: the value is copied
 * once out of the connection's buffer, as with {@link ZdbCodec#decodeValue}, but into a reused array, which may
 * be longer than the value (the result wraps just the value). A nil reply (missing key) stays null; an array too
 * short for the value is replaced by a new one.
 */
final class LentArrayOutput extends CommandOutput<byte[], ByteBuffer, ByteBuffer> {

    private final IntFunction<byte[]> arrays;

    LentArrayOutput(IntFunction<byte[]> arrays) {
        super(ZdbCodec.INSTANCE, null);
        this.arrays = arrays;
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (bytes == null) {
            output = null;
            return;
        }
        int n = bytes.remaining();
        byte[] array = arrays.apply(n);
        if (array == null || array.length < n) {
            array = new byte[n];
        }
        bytes.get(array, 0, n);
        output = ByteBuffer.wrap(array, 0, n);
    }
}
