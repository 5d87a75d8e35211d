package io.zstor.transport.zdb.server;

/**
 * Per-connection state of the 0-db protocol: admin flag (AUTH), current namespace and whether it was
 * selected read-write, and the pending SECURE challenge nonce. Only one command of a connection runs at a
 * time, so the fields need no locking (hand-offs between threads go through executors, which publish them).
 */
final class ZdbSession {

    boolean admin;
    Namespace namespace;
    boolean writable;
    String nonce;

    ZdbSession(boolean admin, Namespace namespace, boolean writable) {
        this.admin = admin;
        this.namespace = namespace;
        this.writable = writable;
    }

    @Override
    public String toString() {
        return "ZdbSession[admin=" + admin + ", namespace=" + namespace.name() + ", writable=" + writable + "]";
    }
}
