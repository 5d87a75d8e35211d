package io.zstor.engine.backend;

/**
 * A typed failure of one backend operation. The message names the backend ({@code address - namespace})
 * and the operation, never a password.
 */
public final class ZdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ZdbErrorKind kind;
    private final String backend;

    /**
     * @param kind what went wrong
     * @param backend display name of the backend
     * @param message one line of detail
     * @param cause underlying error, may be null
     */
    public ZdbException(ZdbErrorKind kind, String backend, String message, Throwable cause) {
        super("zdb " + backend + ": " + message, cause);
        this.kind = kind;
        this.backend = backend;
    }

    /** Same as the four-argument constructor, without cause. */
    public ZdbException(ZdbErrorKind kind, String backend, String message) {
        this(kind, backend, message, null);
    }

    /** What went wrong. */
    public ZdbErrorKind kind() {
        return kind;
    }

    /** Display name of the backend. */
    public String backend() {
        return backend;
    }

    /** Every {@code ZdbException} in {@code error}'s chain of causes, outermost first. */
    public static java.util.List<ZdbException> inChain(Throwable error) {
        java.util.List<ZdbException> found = new java.util.ArrayList<>();
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ZdbException z) {
                found.add(z);
            }
        }
        return found;
    }
}
