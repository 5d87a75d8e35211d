package io.zstor.engine;

/**
 * The outcome of a retrieve to a file.
 *
 * @param key the object key
 * @param size bytes written
 * @param checksumHex the object's BLAKE2b-128 as its metadata records it (taken by the store), 32 lowercase hex
 *        characters
 * @param piecesFromParity parity pieces fetched because data pieces were missing or corrupt
 */
public record RetrieveResult(String key, long size, String checksumHex, int piecesFromParity) {
}
