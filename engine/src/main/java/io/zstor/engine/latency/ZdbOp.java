package io.zstor.engine.latency;

import java.util.Locale;

/** The 0-db commands the engine times; the {@code op} label of the backend latency series. */
public enum ZdbOp {
    /** Opening a namespace: connect, {@code SELECT} and the mode check. */
    CONNECT,
    /** {@code GET}. */
    GET,
    /** {@code SET}. */
    SET,
    /** {@code DEL}. */
    DEL,
    /** {@code EXISTS}. */
    EXISTS,
    /** A whole {@code SCAN} cursor walk, every page. */
    SCAN,
    /** {@code DBSIZE}. */
    DBSIZE,
    /** {@code NSINFO}. */
    NSINFO,
    /** {@code PING}. */
    PING;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label value. */
    public String label() {
        return label;
    }
}
