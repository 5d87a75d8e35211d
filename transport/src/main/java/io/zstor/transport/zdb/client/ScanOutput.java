package io.zstor.transport.zdb.client;

import io.lettuce.core.output.CommandOutput;
import io.zstor.engine.backend.ScanEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@code SCAN} reply {@code *2 [cursor, *n [*3 [key, :size, :timestamp]]]} into a {@link ScanPage},
 * and the {@code -No more data} error into {@link ScanPage#END}. Any other shape yields no page (null), which
 * the caller reports as a protocol error.
 */
final class ScanOutput extends CommandOutput<byte[], ByteBuffer, ScanPage> {

    static final String NO_MORE_DATA = "No more data";

    private byte[] cursor;
    private final List<ScanEntry> entries = new ArrayList<>();
    private byte[] key;
    private long size;
    private int numbersSeen;
    private boolean malformed;

    ScanOutput() {
        super(ZdbCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (bytes == null) {
            malformed = true;
            return;
        }
        if (cursor == null) {
            cursor = ZdbCodec.copy(bytes);
            return;
        }
        if (key != null) {
            malformed = true;
        }
        key = ZdbCodec.copy(bytes);
        numbersSeen = 0;
    }

    @Override
    public void set(long value) {
        if (key == null) {
            malformed = true;
            return;
        }
        if (numbersSeen == 0) {
            size = value;
            numbersSeen = 1;
        } else {
            entries.add(new ScanEntry(key, size, value));
            key = null;
            numbersSeen = 0;
        }
    }

    @Override
    public void setError(ByteBuffer error) {
        String text = error == null ? "" : StandardCharsets.UTF_8.decode(error.duplicate()).toString();
        if (text.strip().startsWith(NO_MORE_DATA)) {
            output = ScanPage.END;
            return;
        }
        super.setError(error);
    }

    @Override
    public ScanPage get() {
        if (output == ScanPage.END || hasError()) {
            return output;
        }
        if (malformed || cursor == null || key != null) {
            return null; // reported by the caller as a protocol error
        }
        return new ScanPage(cursor, List.copyOf(entries));
    }
}
