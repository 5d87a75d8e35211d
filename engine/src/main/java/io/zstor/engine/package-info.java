/**
 * The zstor engine: a reactive library that compresses, encrypts and erasure-codes objects and spreads
 * the pieces over 0-db backends, with metadata kept erasure-coded on four metadata backends.
 *
 * <p>The engine has no wire code: it defines the {@link io.zstor.engine.backend backend SPI} that the
 * transport module implements.
 */
package io.zstor.engine;
