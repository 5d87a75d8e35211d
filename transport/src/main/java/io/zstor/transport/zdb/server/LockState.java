package io.zstor.transport.zdb.server;

/** 0-db's shared lock/freeze state of a namespace: {@code NSSET lock|freeze 1}, either {@code 0} clears it. */
enum LockState {
    /** Reads and writes allowed. */
    NONE,
    /** Read-only: SET and DEL refused. */
    LOCKED,
    /** Every data command refused. */
    FROZEN
}
