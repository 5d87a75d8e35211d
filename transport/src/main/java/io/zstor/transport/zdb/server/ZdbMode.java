package io.zstor.transport.zdb.server;

/**
 * Runtime mode of a server, as 0-db's {@code --mode}: {@link #MIXED} lets each namespace choose user-key or
 * sequential keys with {@code NSSET ns mode}, {@link #USER} and {@link #SEQ} force one mode on every namespace.
 */
public enum ZdbMode {
    /** Each namespace starts user-key and may switch while it is empty. */
    MIXED,
    /** Every namespace uses caller-chosen keys of 1 to 255 bytes. */
    USER,
    /** Every namespace generates 8-byte little-endian sequential keys. */
    SEQ
}
