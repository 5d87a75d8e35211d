package io.zstor.engine;

/**
 * The outcome of a store.
 *
 * @param key the object key
 * @param size bytes stored
 * @param checksumHex BLAKE2b-128 of the content, 32 lowercase hex characters
 * @param blocks number of blocks
 * @param skipped true when identical content was already stored and nothing was uploaded
 */
public record StoreResult(String key, long size, String checksumHex, int blocks, boolean skipped) {
}
