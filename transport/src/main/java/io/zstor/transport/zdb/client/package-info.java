/**
 * The 0-db (zdb) client: implements the engine's {@link io.zstor.engine.backend.ZdbConnector} and
 * {@link io.zstor.engine.backend.ZdbNamespace} over TCP with lettuce.
 *
 * <p>Lettuce is driven in RESP2 with custom commands only: no {@code HELLO}, no {@code CLIENT SETINFO},
 * no lettuce auto-reconnect. Each opened namespace owns one pipelined connection, a bound on the commands in
 * flight ({@link io.zstor.transport.zdb.client.LettuceZdbOptions#maxInFlight()}), timeouts on connect and on
 * every command, and its own reconnect with backoff that re-sends {@code SELECT} with the namespace password.
 * Every failure surfaces as a {@link io.zstor.engine.backend.ZdbException} typed by
 * {@link io.zstor.engine.backend.ZdbErrorKind}; passwords never appear in messages, logs or
 * {@code toString()}.
 *
 * <p>Logging: this package never logs arguments. Lettuce's own {@code TRACE} level on
 * {@code io.lettuce.core.protocol} dumps raw bytes sent, which include a {@link ZdbAuthMode#PLAIN} password;
 * never enable it in production (or use {@link ZdbAuthMode#SECURE}).
 *
 * <p>Entry point: {@link io.zstor.transport.zdb.client.LettuceZdbConnector#create(LettuceZdbOptions)}.
 */
package io.zstor.transport.zdb.client;
