package io.zstor.transport.daemon;

/**
 * The one-byte message type codes of the daemon protocol. Requests are {@code 0x01..0x1F}, upload and
 * download stream frames {@code 0x20..0x3F}, replies {@code 0x40..0x5F}.
 */
public enum MessageType {
    /** Store a local file (client to daemon). */
    STORE(0x01),
    /** Store a stream of {@link #DATA} frames under a key (client to daemon). */
    STORE_STREAM(0x02),
    /** Retrieve an object into the file its key was computed from. */
    RETRIEVE(0x03),
    /** Retrieve an object as {@link #DATA} frames. */
    RETRIEVE_STREAM(0x04),
    /** Re-encode an object onto healthy backends. */
    REBUILD(0x05),
    /** The stored checksum of an object. */
    CHECK(0x06),
    /** Delete an object. */
    DELETE(0x07),
    /** List the stored objects (one {@link #ROW} each). */
    LIST(0x08),
    /** Backend status (one {@link #ROW} per backend). */
    STATUS(0x09),
    /** Recorded failures (one {@link #ROW} each). */
    FAILURES(0x0A),
    /** Connectivity test of every backend. */
    TEST(0x0B),
    /** A chunk of object bytes, in either direction. */
    DATA(0x20),
    /** End of an upload stream (client to daemon). */
    DATA_END(0x21),
    /** Final success reply, with result fields. */
    OK(0x40),
    /** Final error reply: kind and one-line message. */
    ERROR(0x41),
    /** Progress of the running command. */
    PROGRESS(0x42),
    /** One result row of a listing command. */
    ROW(0x43);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when the code is unknown. */
    public static MessageType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
