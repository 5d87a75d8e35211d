package io.zstor.engine.pipeline;

/**
 * One block of plaintext cut from the input. The array is never modified after cutting, so the encoder and
 * the checksum thread may read it concurrently.
 *
 * @param index block number, from 0
 * @param data the bytes, valid in {@code [0, length)}
 * @param length bytes in the block
 */
record Block(int index, byte[] data, int length) {
}
