package io.zstor.engine.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Incremental decoder of the Snappy framing format, needed to read objects written by the original (which
 * compresses a whole file as one framed stream). Input may arrive in pieces of any size: {@link #decode}
 * consumes only whole chunks and leaves a partial one in the source for the next call, and skippable
 * chunks are skipped across calls without buffering them, so memory stays bounded (fixed scratch of about
 * 140 KiB) whatever the stream length.
 *
 * <p>Every chunk is checked: the stream identifier must come first (repeats are allowed, as for
 * concatenated streams), lengths must be within the spec's limits, each data chunk's masked CRC-32C must
 * match, and reserved unskippable chunk types are rejected; any violation is a {@link CorruptDataException}.
 * An empty input is a valid empty stream, as the original writes for an empty file.
 *
 * <p>One instance decodes one stream and is not thread-safe.
 */
public final class SnappyFrameDecoder {

    private static final int MAX_COMPRESSED = Snappy.maxCompressedLength(SnappyFraming.MAX_CHUNK_DATA);

    private final byte[] compressed = new byte[MAX_COMPRESSED];
    private final byte[] chunk = new byte[SnappyFraming.MAX_CHUNK_DATA];
    private boolean sawIdentifier;
    private int skipRemaining;
    private long offset;

    /**
     * Decodes as many whole chunks of {@code src} as possible into {@code dst}, advancing both. Stops when
     * {@code src} holds no complete chunk or {@code dst} has less than 65,536 bytes remaining (the largest
     * chunk); a caller therefore drains {@code dst} and calls again.
     *
     * @return uncompressed bytes written
     * @throws CorruptDataException on a malformed stream
     */
    public int decode(ByteBuffer src, ByteBuffer dst) {
        int written = 0;
        while (true) {
            if (skipRemaining > 0) {
                int n = Math.min(skipRemaining, src.remaining());
                src.position(src.position() + n);
                skipRemaining -= n;
                offset += n;
                if (skipRemaining > 0) {
                    return written;
                }
            }
            if (src.remaining() < 4 || dst.remaining() < SnappyFraming.MAX_CHUNK_DATA) {
                return written;
            }
            int n = decodeChunk(src, dst);
            if (n < 0) {
                return written;
            }
            written += n;
        }
    }

    /**
     * Declares the end of the input.
     *
     * @param src what is left of the input after the last {@link #decode}
     * @throws CorruptDataException when the stream ends inside a chunk
     */
    public void finish(ByteBuffer src) {
        if (src.hasRemaining() || skipRemaining > 0) {
            throw new CorruptDataException("truncated snappy frame stream: ends inside the chunk at byte " + offset);
        }
    }

    /** Total input bytes consumed so far. */
    public long consumed() {
        return offset;
    }

    /** Decodes the chunk at {@code src}'s position; -1 when it is not complete yet. */
    private int decodeChunk(ByteBuffer src, ByteBuffer dst) {
        int p = src.position();
        int type = src.get(p) & 0xff;
        int length = (src.get(p + 1) & 0xff) | (src.get(p + 2) & 0xff) << 8 | (src.get(p + 3) & 0xff) << 16;
        if (type == SnappyFraming.TYPE_STREAM_IDENTIFIER) {
            if (length != 6) {
                throw corrupt("stream identifier of length " + length);
            }
            if (src.remaining() < 10) {
                return -1;
            }
            byte[] id = new byte[10];
            src.get(p, id, 0, 10);
            if (!Arrays.equals(id, SnappyFraming.STREAM_IDENTIFIER)) {
                throw corrupt("bad stream identifier");
            }
            advance(src, 10);
            sawIdentifier = true;
            return 0;
        }
        if (!sawIdentifier) {
            throw new CorruptDataException("not a snappy frame stream: it does not start with the stream identifier");
        }
        if (type == SnappyFraming.TYPE_COMPRESSED || type == SnappyFraming.TYPE_UNCOMPRESSED) {
            int max = type == SnappyFraming.TYPE_COMPRESSED ? MAX_COMPRESSED : SnappyFraming.MAX_CHUNK_DATA;
            if (length < 4 || length - 4 > max) {
                throw corrupt("data chunk of length " + length);
            }
            if (src.remaining() < 4 + length) {
                return -1;
            }
            int expectedCrc = src.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(p + 4);
            int dataLength = length - 4;
            int n;
            if (type == SnappyFraming.TYPE_UNCOMPRESSED) {
                src.get(p + 8, chunk, 0, dataLength);
                n = dataLength;
            } else {
                src.get(p + 8, compressed, 0, dataLength);
                n = uncompress(dataLength);
            }
            if (SnappyFraming.maskedCrc32c(chunk, 0, n) != expectedCrc) {
                throw corrupt("CRC-32C mismatch");
            }
            dst.put(chunk, 0, n);
            advance(src, 4 + length);
            return n;
        }
        if (type >= 0x02 && type <= 0x7f) {
            throw corrupt("reserved unskippable chunk type 0x" + Integer.toHexString(type));
        }
        advance(src, 4); // padding or reserved skippable chunk: skip its body, across calls if needed
        skipRemaining = length;
        return 0;
    }

    private int uncompress(int dataLength) {
        try {
            int n = Snappy.uncompressedLength(compressed, 0, dataLength);
            if (n < 0 || n > SnappyFraming.MAX_CHUNK_DATA) {
                throw corrupt("compressed chunk announcing " + Integer.toUnsignedString(n) + " bytes");
            }
            int written = Snappy.uncompress(compressed, 0, dataLength, chunk, 0);
            if (written != n) {
                throw corrupt("compressed chunk decoded to " + written + " bytes instead of " + n);
            }
            return n;
        } catch (IOException | SnappyError e) {
            throw corrupt("compressed chunk does not decode (" + e.getMessage() + ")");
        }
    }

    private void advance(ByteBuffer src, int n) {
        src.position(src.position() + n);
        offset += n;
    }

    private CorruptDataException corrupt(String what) {
        return new CorruptDataException("corrupt snappy frame stream at byte " + offset + ": " + what);
    }
}
