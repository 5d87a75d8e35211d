package io.zstor.cli;

/**
 * A failure to report as one line without a stack trace, with its exit code.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param exitCode {@link ExitCode#FAILED} or {@link ExitCode#USAGE}
     * @param message the line to print
     */
    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
