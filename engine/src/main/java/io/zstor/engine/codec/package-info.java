/**
 * Codec contracts used by the pipeline (erasure coding, authenticated encryption, block compression) and
 * their non-erasure implementations: {@link io.zstor.engine.codec.AesGcmCipher} (AES-256-GCM on direct
 * buffers), {@link io.zstor.engine.codec.SnappyBlockCompressor} (raw Snappy blocks with a "stored raw"
 * fallback), {@link io.zstor.engine.codec.SnappyFrameEncoder} / {@link io.zstor.engine.codec.SnappyFrameDecoder}
 * (the Snappy framing format the original writes), {@link io.zstor.engine.codec.Blake2b128} (the file
 * checksum) and {@link io.zstor.engine.codec.PieceChecksum} (the per-piece corruption check). Each
 * contract is small so implementations can be swapped (for example the SIMD and scalar Reed-Solomon
 * kernels) without touching the pipeline.
 */
package io.zstor.engine.codec;
