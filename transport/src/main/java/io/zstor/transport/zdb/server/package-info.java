/**
 * An embedded server speaking the 0-db (zdb) wire protocol, byte for byte as described in
 * {@code zdb-protocol.md}: RESP2 requests, namespaces, user-key and sequential modes, admin and
 * namespace passwords (plain and SECURE challenge), and append-only persistence with a CRC per entry.
 *
 * <p>Entry points: {@link io.zstor.transport.zdb.server.ZdbServer#start(ZdbServerOptions)} for tests and
 * local clusters, {@link io.zstor.transport.zdb.server.ZdbServerMain} for a standalone process.
 */
package io.zstor.transport.zdb.server;
