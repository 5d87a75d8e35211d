package io.zstor.engine.codec;

/**
 * Authenticated decryption failed: wrong key, corrupted ciphertext, or associated data that does not match.
 * Never carries key material.
 */
public final class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param what what was being decrypted, for the message (e.g. "block 3 of object ...") */
    public AuthenticationFailedException(String what) {
        super("authentication failed while decrypting " + what + " (wrong key or corrupted data)");
    }
}
