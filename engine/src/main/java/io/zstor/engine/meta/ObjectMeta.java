package io.zstor.engine.meta;

import io.zstor.engine.backend.BackendSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything needed to read an object back: its key, the random object id bound into every block's
 * associated data, size and BLAKE2b-128 checksum of the original bytes, the erasure parameters, the backend
 * of every piece index and the per-block piece references.
 *
 * <p>{@link #toString()} never shows backend passwords (see {@link BackendSpec#toString()}).
 *
 * @param key the object key (the path string as the original hashes it, or an explicit key)
 * @param objectId 16 random bytes, part of every block's associated data
 * @param size bytes of original data
 * @param checksum BLAKE2b-128 of the original bytes
 * @param storedAt when the object was stored
 * @param dataShards k
 * @param parityShards m
 * @param blockSize plaintext bytes per block (the last block may be shorter)
 * @param backends backend of piece index i, {@code k + m} entries
 * @param blocks the blocks in order
 */
public record ObjectMeta(
        String key,
        byte[] objectId,
        long size,
        byte[] checksum,
        Instant storedAt,
        int dataShards,
        int parityShards,
        int blockSize,
        List<BackendSpec> backends,
        List<BlockMeta> blocks) {

    /** Length of {@link #objectId()}. */
    public static final int OBJECT_ID_LENGTH = 16;

    /** Validates the shape. */
    public ObjectMeta {
        objectId = objectId.clone();
        checksum = checksum.clone();
        backends = List.copyOf(backends);
        blocks = List.copyOf(blocks);
        if (objectId.length != OBJECT_ID_LENGTH) {
            throw new IllegalArgumentException("object id must be " + OBJECT_ID_LENGTH + " bytes");
        }
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 256) {
            throw new IllegalArgumentException("invalid shards " + dataShards + "+" + parityShards);
        }
        if (backends.size() != dataShards + parityShards) {
            throw new IllegalArgumentException("need " + (dataShards + parityShards) + " backends, got " + backends.size());
        }
        for (BlockMeta b : blocks) {
            if (b.pieces().size() != backends.size()) {
                throw new IllegalArgumentException("block with " + b.pieces().size() + " pieces, expected " + backends.size());
            }
        }
    }

    @Override
    public byte[] objectId() {
        return objectId.clone();
    }

    @Override
    public byte[] checksum() {
        return checksum.clone();
    }

    /** The checksum as 32 lowercase hex characters, as {@code check} prints it. */
    public String checksumHex() {
        return HexFormat.of().formatHex(checksum);
    }

    /** {@code k + m}. */
    public int totalShards() {
        return dataShards + parityShards;
    }

    /** Returns a copy with other blocks, backends and erasure parameters (used by rebuild). */
    public ObjectMeta withLayout(int k, int m, List<BackendSpec> newBackends, List<BlockMeta> newBlocks) {
        return new ObjectMeta(key, objectId, size, checksum, storedAt, k, m, blockSize, newBackends, newBlocks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectMeta x && x.key.equals(key) && Arrays.equals(x.objectId, objectId) && x.size == size
                && Arrays.equals(x.checksum, checksum) && x.storedAt.equals(storedAt) && x.dataShards == dataShards
                && x.parityShards == parityShards && x.blockSize == blockSize && x.backends.equals(backends)
                && x.blocks.equals(blocks);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(objectId);
    }

    @Override
    public String toString() {
        return "ObjectMeta[key=" + key + ", size=" + size + ", checksum=" + checksumHex() + ", k=" + dataShards
                + ", m=" + parityShards + ", blocks=" + blocks.size() + ", backends=" + backends + "]";
    }
}
