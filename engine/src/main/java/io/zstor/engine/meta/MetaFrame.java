package io.zstor.engine.meta;

import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.codec.ErasureCoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One self-checking metadata piece as stored in a metadata namespace (big-endian):
 * <pre>
 * version u8 (1) | piece index u8 (0..3) | generation 8 bytes | written-at u64 millis |
 * part index u32 | part count u32 | chunk length u32 | piece bytes | BLAKE2b-128 of everything before
 * </pre>
 * All pieces of one write share the generation, so pieces of two different writes of one key are never
 * mixed: the reader decodes the newest generation that has two valid pieces.
 */
record MetaFrame(int index, byte[] generation, long writtenAt, int partIndex, int partCount, int chunkLength, byte[] piece) {

    static final int VERSION = 1;
    static final int HEADER = 1 + 1 + 8 + 8 + 4 + 4 + 4;
    static final int TRAILER = Blake2b128.DIGEST_LENGTH;

    /** The reply of one backend for one key. */
    record Answer(byte[] value, boolean failed) {
        static final Answer ABSENT = new Answer(null, false);
        static final Answer FAILED = new Answer(null, true);

        static Answer value(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            return b.length == 0 ? ABSENT : new Answer(b, false);
        }
    }

    /** A decoded part: its chunk of the sealed record. */
    record Decoded(byte[] generation, long writtenAt, int partIndex, int partCount, byte[] chunk) {
    }

    /** Codes chunk {@code part} of {@code sealed} into the four stored values. */
    static byte[][] encode(ErasureCoder coder, byte[] sealed, int part, int parts, byte[] generation, long at) {
        int from = part * MetaStore.PART_BYTES;
        int length = Math.min(MetaStore.PART_BYTES, sealed.length - from);
        int pieceLength = Math.max(1, (length + 1) / 2);
        byte[][] pieces = new byte[4][pieceLength];
        int first = Math.min(length, pieceLength);
        System.arraycopy(sealed, from, pieces[0], 0, first);
        System.arraycopy(sealed, from + first, pieces[1], 0, length - first);
        coder.encodeParity(pieces, 0, pieceLength);
        byte[][] values = new byte[4][];
        for (int i = 0; i < 4; i++) {
            ByteBuffer v = ByteBuffer.allocate(HEADER + pieceLength + TRAILER);
            v.put((byte) VERSION).put((byte) i).put(generation).putLong(at)
                    .putInt(part).putInt(parts).putInt(length).put(pieces[i]);
            v.put(Blake2b128.hash(ByteBuffer.wrap(v.array(), 0, v.position())));
            values[i] = v.array();
        }
        return values;
    }

    /** Parses and verifies one stored value; empty when it is corrupt or of an unknown version. */
    static Optional<MetaFrame> parse(byte[] value) {
        if (value.length < HEADER + 1 + TRAILER || value[0] != VERSION) {
            return Optional.empty();
        }
        byte[] expected = Blake2b128.hash(ByteBuffer.wrap(value, 0, value.length - TRAILER));
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(value, value.length - TRAILER, value.length))) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        int index = b.get(1);
        b.position(2);
        byte[] generation = new byte[8];
        b.get(generation);
        long at = b.getLong();
        int partIndex = b.getInt();
        int partCount = b.getInt();
        int chunkLength = b.getInt();
        int pieceLength = value.length - HEADER - TRAILER;
        if (index < 0 || index > 3 || partCount < 1 || partIndex >= partCount || chunkLength < 0
                || chunkLength > 2L * pieceLength) {
            return Optional.empty();
        }
        byte[] piece = Arrays.copyOfRange(value, HEADER, HEADER + pieceLength);
        return Optional.of(new MetaFrame(index, generation, at, partIndex, partCount, chunkLength, piece));
    }

    /**
     * Decodes the newest generation with at least two distinct valid pieces; with {@code head} only pieces of
     * the head's generation count.
     */
    static Optional<Decoded> decode(ErasureCoder coder, List<MetaFrame> frames, Decoded head) {
        Map<String, List<MetaFrame>> byGeneration = frames.stream()
                .filter(f -> head == null || Arrays.equals(f.generation, head.generation()))
                .collect(Collectors.groupingBy(f -> Arrays.toString(f.generation)));
        return byGeneration.values().stream()
                .filter(g -> g.stream().map(MetaFrame::index).distinct().count() >= 2)
                .filter(g -> g.stream().map(f -> f.piece.length).distinct().count() == 1)
                .max(Comparator.comparingLong(g -> g.get(0).writtenAt))
                .map(g -> reconstruct(coder, g));
    }

    private static Decoded reconstruct(ErasureCoder coder, List<MetaFrame> group) {
        MetaFrame any = group.get(0);
        int pieceLength = any.piece.length;
        byte[][] pieces = new byte[4][];
        boolean[] present = new boolean[4];
        for (MetaFrame f : group) {
            pieces[f.index] = f.piece;
            present[f.index] = true;
        }
        for (int i = 0; i < 4; i++) {
            if (pieces[i] == null) {
                pieces[i] = new byte[pieceLength];
            }
        }
        if (!(present[0] && present[1])) {
            coder.reconstruct(pieces, present, 0, pieceLength);
        }
        byte[] chunk = new byte[any.chunkLength];
        int first = Math.min(chunk.length, pieceLength);
        System.arraycopy(pieces[0], 0, chunk, 0, first);
        System.arraycopy(pieces[1], 0, chunk, first, chunk.length - first);
        return new Decoded(any.generation, any.writtenAt, any.partIndex, any.partCount, chunk);
    }
}
