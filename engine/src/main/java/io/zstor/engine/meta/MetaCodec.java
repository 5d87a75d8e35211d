package io.zstor.engine.meta;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.CorruptDataException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compact, versioned binary encoding of {@link ObjectMeta} and {@link FailureRecord} (big-endian, layout
 * in {@code docs/format.md}). Every record starts with a 4-byte magic and a version byte, so later formats
 * can be told apart and old ones still read.
 */
public final class MetaCodec {

    /** Magic of an object metadata record. */
    static final int OBJECT_MAGIC = 0x5a53544d; // "ZSTM"
    /** Magic of a failure record. */
    static final int FAILURE_MAGIC = 0x5a535446; // "ZSTF"
    /**
     * Format version written for object metadata: 2 adds each block's plaintext checksum. Version 1 records
     * (no such checksum) are still read.
     */
    public static final int VERSION = 2;
    /** The first object metadata format: blocks without a plaintext checksum. */
    static final int VERSION_1 = 1;
    /** Format version of failure records (unchanged since the first). */
    static final int FAILURE_VERSION = 1;
    /** Piece checksum algorithm id: {@link io.zstor.engine.codec.PieceChecksum} (CRC-32C || CRC-32, 8 bytes). */
    static final int CHECKSUM_CRC32C_CRC32 = 1;

    private MetaCodec() {
    }

    /** Encodes object metadata. */
    public static byte[] encode(ObjectMeta meta) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + meta.blocks().size() * meta.totalShards() * 14);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(OBJECT_MAGIC);
            out.writeByte(VERSION);
            writeString(out, meta.key());
            out.write(meta.objectId());
            out.writeLong(meta.size());
            out.write(meta.checksum());
            out.writeLong(meta.storedAt().toEpochMilli());
            out.writeShort(meta.dataShards());
            out.writeShort(meta.parityShards());
            out.writeInt(meta.blockSize());
            out.writeByte(CHECKSUM_CRC32C_CRC32);
            out.writeShort(meta.backends().size());
            for (BackendSpec b : meta.backends()) {
                writeString(out, b.address());
                writeOptional(out, b.namespace());
                writeOptional(out, b.password().map(Secret::reveal));
            }
            out.writeInt(meta.blocks().size());
            for (BlockMeta block : meta.blocks()) {
                out.writeInt(block.plainLength());
                out.writeByte(block.compressed() ? 1 : 0);
                out.writeLong(block.plainChecksum());
                out.writeInt(block.sealedLength());
                for (PieceRef piece : block.pieces()) {
                    byte[] key = piece.key();
                    out.writeByte(key.length);
                    out.write(key);
                    out.writeLong(piece.checksum());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes object metadata.
     *
     * @throws CorruptDataException when the bytes are not a metadata record of a known version
     */
    public static ObjectMeta decodeObject(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            int version = header(in, OBJECT_MAGIC, "object metadata", VERSION_1, VERSION);
            String key = readString(in);
            byte[] objectId = readExactly(in, ObjectMeta.OBJECT_ID_LENGTH);
            long size = in.readLong();
            byte[] checksum = readExactly(in, 16);
            Instant storedAt = Instant.ofEpochMilli(in.readLong());
            int k = in.readUnsignedShort();
            int m = in.readUnsignedShort();
            int blockSize = in.readInt();
            int checksumAlgorithm = in.readUnsignedByte();
            if (checksumAlgorithm != CHECKSUM_CRC32C_CRC32) {
                throw new CorruptDataException("object metadata uses unknown piece checksum " + checksumAlgorithm);
            }
            int n = in.readUnsignedShort();
            List<BackendSpec> backends = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String address = readString(in);
                Optional<String> namespace = readOptional(in);
                Optional<Secret> password = readOptional(in).map(Secret::of);
                backends.add(new BackendSpec(address, namespace, password));
            }
            int blockCount = in.readInt();
            if (blockCount < 0) {
                throw new CorruptDataException("object metadata has a negative block count");
            }
            List<BlockMeta> blocks = new ArrayList<>(Math.min(blockCount, 1 << 16));
            for (int b = 0; b < blockCount; b++) {
                int plain = in.readInt();
                boolean compressed = in.readUnsignedByte() == 1;
                long plainChecksum = version == VERSION_1 ? BlockMeta.NO_PLAIN_CHECKSUM : in.readLong();
                int sealed = in.readInt();
                List<PieceRef> pieces = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] pieceKey = readExactly(in, in.readUnsignedByte());
                    pieces.add(new PieceRef(pieceKey, in.readLong()));
                }
                blocks.add(new BlockMeta(plain, plainChecksum, compressed, sealed, pieces));
            }
            return new ObjectMeta(key, objectId, size, checksum, storedAt, k, m, blockSize, backends, blocks);
        } catch (EOFException e) {
            throw new CorruptDataException("object metadata is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException("object metadata is invalid: " + e.getMessage(), e);
        }
    }

    /** Encodes a failure record. */
    public static byte[] encode(FailureRecord failure) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FAILURE_MAGIC);
            out.writeByte(FAILURE_VERSION);
            writeString(out, failure.key());
            writeString(out, failure.reason());
            out.writeLong(failure.failedAt().toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a failure record. */
    public static FailureRecord decodeFailure(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            header(in, FAILURE_MAGIC, "failure record", FAILURE_VERSION, FAILURE_VERSION);
            return new FailureRecord(readString(in), readString(in), Instant.ofEpochMilli(in.readLong()));
        } catch (EOFException e) {
            throw new CorruptDataException("failure record is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the magic and returns the version, which must be in {@code [oldest, newest]}. */
    private static int header(DataInputStream in, int magic, String what, int oldest, int newest) throws IOException {
        if (in.readInt() != magic) {
            throw new CorruptDataException(what + " has a wrong magic");
        }
        int version = in.readUnsignedByte();
        if (version < oldest || version > newest) {
            throw new CorruptDataException(what + " has unsupported format version " + version);
        }
        return version;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) {
            throw new CorruptDataException("metadata string length out of range: " + length);
        }
        return new String(readExactly(in, length), StandardCharsets.UTF_8);
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeByte(value.isPresent() ? 1 : 0);
        if (value.isPresent()) {
            writeString(out, value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readUnsignedByte() == 1 ? Optional.of(readString(in)) : Optional.empty();
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] b = in.readNBytes(length);
        if (b.length != length) {
            throw new EOFException();
        }
        return b;
    }
}
