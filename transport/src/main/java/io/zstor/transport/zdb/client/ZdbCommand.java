package io.zstor.transport.zdb.client;

import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;

/** The 0-db command names this client sends through lettuce's {@code dispatch}. */
enum ZdbCommand implements ProtocolKeyword {
    AUTH, SELECT, PING, NSINFO, SET, GET, DEL, EXISTS, SCAN, DBSIZE;

    private final byte[] bytes = name().getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] getBytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return name();
    }
}
