package io.zstor.engine.backend;

/**
 * One entry of a SCAN page.
 *
 * @param key the key bytes
 * @param size payload length
 * @param timestamp unix seconds of the last write
 */
public record ScanEntry(byte[] key, long size, long timestamp) {
}
