package io.zstor.transport.zdb.server;

/**
 * A request the decoder refused: the exact 0-db error text to send, after which the connection is closed
 * (0-db wedges or closes such connections; a compatible client must reconnect either way).
 *
 * @param message error text without the leading '-' and trailing CRLF
 */
record ProtocolViolation(String message) {
}
