/**
 * The backend SPI: what the engine needs from a 0-db namespace. The transport module implements it over
 * TCP (lettuce); tests may implement it in memory. The engine never imports transport.
 */
package io.zstor.engine.backend;
