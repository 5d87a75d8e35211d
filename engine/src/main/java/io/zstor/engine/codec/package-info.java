/**
 * Codec contracts used by the pipeline: erasure coding, authenticated encryption, block compression and
 * hashing. Each contract is small so implementations can be swapped (for example the SIMD and scalar
 * Reed-Solomon kernels) without touching the pipeline.
 */
package io.zstor.engine.codec;
