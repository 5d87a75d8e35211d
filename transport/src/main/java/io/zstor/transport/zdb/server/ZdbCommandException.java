package io.zstor.transport.zdb.server;

/**
 * A command failed with one of 0-db's error replies; the message is the exact text sent after '-'.
 * Carries no stack trace: it is a normal reply path, not a bug.
 */
final class ZdbCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ZdbCommandException(String message) {
        super(message, null, false, false);
    }
}
