package io.zstor.engine;

/**
 * The outcome of a retrieve to a file.
 *
 * @param key the object key
 * @param size bytes written
 * @param checksumHex the verified BLAKE2b-128, 32 lowercase hex characters
 * @param piecesFromParity parity pieces fetched because data pieces were missing or corrupt
 */
public record RetrieveResult(String key, long size, String checksumHex, int piecesFromParity) {
}
