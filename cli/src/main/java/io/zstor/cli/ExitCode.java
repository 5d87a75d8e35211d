package io.zstor.cli;

/** The exit codes of every zstor command. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The operation failed (a backend, an absent object, a failed store or retrieve). */
    public static final int FAILED = 1;
    /** The command line or the config file is wrong. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
