package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;

/**
 * The encoded reply of one command and whether the connection must be closed after it is flushed.
 *
 * @param buf   the RESP bytes
 * @param close close the connection once written
 */
record Reply(ByteBuf buf, boolean close) {

    static Reply of(ByteBuf buf) {
        return new Reply(buf, false);
    }
}
