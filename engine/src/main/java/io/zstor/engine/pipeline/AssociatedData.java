package io.zstor.engine.pipeline;

import java.nio.ByteBuffer;

/**
 * The associated data of a block's AES-GCM seal: {@code "zstor-block-v1" || object id (16) || block index
 * (u64 BE)}. It binds every sealed block to its object and position, so blocks cannot be swapped, reordered
 * or moved to another object without failing authentication.
 */
final class AssociatedData {

    private static final byte[] DOMAIN = "zstor-block-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private AssociatedData() {
    }

    static byte[] of(byte[] objectId, long blockIndex) {
        return ByteBuffer.allocate(DOMAIN.length + objectId.length + 8)
                .put(DOMAIN).put(objectId).putLong(blockIndex).array();
    }
}
