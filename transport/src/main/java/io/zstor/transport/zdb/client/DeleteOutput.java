package io.zstor.transport.zdb.client;

import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Decodes a {@code DEL} reply: {@code +OK} is true, {@code -Key not found} is false, other errors stay errors. */
final class DeleteOutput extends CommandOutput<byte[], ByteBuffer, Boolean> {

    static final String KEY_NOT_FOUND = "Key not found";

    DeleteOutput() {
        super(ZdbCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer status) {
        output = Boolean.TRUE;
    }

    @Override
    public void setError(ByteBuffer error) {
        String text = error == null ? "" : StandardCharsets.UTF_8.decode(error.duplicate()).toString();
        if (text.strip().startsWith(KEY_NOT_FOUND)) {
            output = Boolean.FALSE;
            return;
        }
        super.setError(error);
    }
}
