package io.zstor.transport.zdb.client;

/**
 * How the client proves the namespace password to 0-db on {@code SELECT}.
 */
public enum ZdbAuthMode {
    /** {@code SELECT ns password}: works with every 0-db, sends the password in clear text. */
    PLAIN,
    /**
     * {@code AUTH SECURE CHALLENGE} then {@code SELECT ns SECURE sha1hex(nonce:password)}: the password never
     * crosses the wire; needs a 0-db with challenge support (v2) that runs with {@code --admin} (without an
     * admin password 0-db answers the challenge with {@code -Authentication disabled}, reported as
     * {@code AUTHENTICATION_FAILED}).
     */
    SECURE
}
