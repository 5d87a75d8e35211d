/**
 * Latency instrumentation of the engine: the listener interfaces it reports timings into
 * ({@link io.zstor.engine.latency.BackendLatencyListener} for every 0-db command,
 * {@link io.zstor.engine.latency.StageListener} for the stages of the data path), the decorator that times
 * the backend SPI ({@link io.zstor.engine.latency.TimedZdbConnector}) and a light Reactor timing operator
 * ({@link io.zstor.engine.latency.Timing}). The engine knows no metrics library here: the daemon plugs in
 * a micrometer-backed listener; the default listeners do nothing and cost nothing.
 */
package io.zstor.engine.latency;
