package io.zstor.transport.zdb.client;

import io.zstor.engine.backend.ScanEntry;
import java.util.List;

/**
 * One {@code SCAN} reply: the cursor to continue from and the entries of this page. {@link #END} stands for
 * 0-db's {@code -No more data} reply.
 *
 * @param cursor the opaque cursor (17 bytes on 0-db v2), null at the end
 * @param entries entries of this page
 */
record ScanPage(byte[] cursor, List<ScanEntry> entries) {

    static final ScanPage END = new ScanPage(null, List.of());

    boolean isEnd() {
        return cursor == null;
    }
}
