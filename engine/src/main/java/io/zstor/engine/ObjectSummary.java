package io.zstor.engine;

import java.time.Instant;

/**
 * One stored object as listed.
 *
 * @param key the object key
 * @param size bytes
 * @param storedAt when it was stored
 * @param checksumHex BLAKE2b-128, 32 lowercase hex characters
 */
public record ObjectSummary(String key, long size, Instant storedAt, String checksumHex) {
}
