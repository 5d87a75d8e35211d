/**
 * The daemon socket: a small versioned, length-prefixed request/response protocol over a unix domain
 * socket, the {@link io.zstor.transport.daemon.DaemonServer server} that {@code zstor monitor} runs and
 * the {@link io.zstor.transport.daemon.DaemonClient thin client} the CLI uses.
 *
 * <p>The wire format is documented in {@code docs/daemon-protocol.md}. The server dispatches every
 * command to a {@link io.zstor.transport.daemon.DaemonHandler}; the production handler,
 * {@link io.zstor.transport.daemon.EngineDaemonHandler}, adapts the engine facade.
 */
package io.zstor.transport.daemon;
