package io.zstor.transport.daemon;

/**
 * Constants of the daemon wire protocol (see {@code docs/daemon-protocol.md}).
 *
 * <p>Every frame is an 8-byte header followed by the payload: magic {@code "ZS"} (2 bytes), protocol
 * version (1 byte), {@link MessageType message type} (1 byte), payload length (unsigned 32-bit
 * big-endian). A frame whose payload exceeds {@link #MAX_PAYLOAD} is rejected before it is buffered, so
 * a peer can never make the other side hold more than one maximal frame.
 */
public final class DaemonProtocol {

    /** The two magic bytes {@code 'Z' 'S'} as one big-endian short. */
    public static final int MAGIC = 0x5A53;
    /** The protocol version this implementation speaks. */
    public static final int VERSION = 1;
    /** Header bytes: magic (2), version (1), type (1), payload length (4). */
    public static final int HEADER_SIZE = 8;
    /** Hard upper bound of a frame payload (1 MiB). */
    public static final int MAX_PAYLOAD = 1 << 20;
    /** Size of the data chunks a sender cuts streams into (256 KiB). */
    public static final int DATA_CHUNK = 256 << 10;

    private DaemonProtocol() {
    }
}
