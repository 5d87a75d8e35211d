/**
 * Reed-Solomon erasure coding over GF(2^8), byte-compatible with the libraries the original 0-stor
 * relies on. {@link io.zstor.engine.codec.rs.ReedSolomon} is the entry point; the byte multiplication runs
 * on a SIMD kernel built on the incubating JDK Vector API when the runtime offers it, and on a portable
 * scalar kernel otherwise.
 */
package io.zstor.engine.codec.rs;
