/**
 * The streaming object pipeline. A store cuts a {@code Flux<ByteBuffer>} into blocks, and per block
 * compresses (snappy, raw when it does not pay), encrypts (AES-256-GCM, associated data binding object id
 * and block index) and Reed-Solomon codes it into {@code k + m} pieces; piece i of every block goes to the
 * object's backend i with one {@code SET ""}. A bounded number of blocks is in flight, coding runs on a
 * bounded parallel scheduler, and the BLAKE2b-128 file checksum is computed beside the pipeline on its own
 * thread. A retrieve fetches the k data pieces first and falls back to parity pieces.
 */
package io.zstor.engine.pipeline;
