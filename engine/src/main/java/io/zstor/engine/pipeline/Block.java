package io.zstor.engine.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One block of plaintext cut from the input. The array is never modified while the block is held, so the
 * encoder and the checksum thread may read it concurrently.
 *
 * <p>A block cut into an array of a store's pool has a count of holders (the encoder and the checksum
 * thread); each calls {@link #release()} once done with the bytes, and the last one gives the array back to
 * the pool for a later block. A block that is never released (its store failed) is simply collected. Blocks
 * made without a pool ignore {@link #release()}.
 */
final class Block {

    private final int index;
    private final byte[] data;
    private final int length;
    private final LentArrays pool;
    private final AtomicInteger holders;

    /**
     * A block that belongs to nobody's pool.
     *
     * @param index block number, from 0
     * @param data the bytes, valid in {@code [0, length)}
     * @param length bytes in the block
     */
    Block(int index, byte[] data, int length) {
        this(index, data, length, null, 0);
    }

    /** A block whose array goes back to {@code pool} once {@code holders} releases were made. */
    Block(int index, byte[] data, int length, LentArrays pool, int holders) {
        this.index = index;
        this.data = data;
        this.length = length;
        this.pool = pool;
        this.holders = pool == null ? null : new AtomicInteger(holders);
    }

    /** Block number, from 0. */
    int index() {
        return index;
    }

    /** The bytes, valid in {@code [0, length())}; not to be read after this holder's {@link #release()}. */
    byte[] data() {
        return data;
    }

    /** Bytes in the block. */
    int length() {
        return length;
    }

    /** One holder is done with the bytes; the last one gives the array back to its pool. */
    void release() {
        if (holders != null && holders.decrementAndGet() == 0) {
            pool.giveBack(data);
        }
    }
}
