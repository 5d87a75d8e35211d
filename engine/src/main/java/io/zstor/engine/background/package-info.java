/**
 * One handle on the engine's background work — backend monitor, repair, data dir eviction and config
 * reload — so the daemon starts, stops and reloads them together.
 */
package io.zstor.engine.background;
