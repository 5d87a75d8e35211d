package io.zstor.cli;

import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.codec.AuthenticationFailedException;
import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import reactor.core.Exceptions;

/**
 * Turns a failure into one line on standard error and an exit code. Configuration and usage problems
 * exit 2, everything else 1. The stack trace is printed only in debug mode.
 */
public final class Failures {

    private Failures() {
    }

    /** Prints {@code ex} as one line (plus its stack trace when {@code debug}) and returns the exit code. */
    static int report(Throwable ex, PrintWriter err, boolean debug) {
        Throwable cause = unwrap(ex);
        err.println("zstor: " + message(cause));
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return exitCode(cause);
    }

    /** The one-line message of a failure, as printed after {@code zstor: }. */
    public static String oneLine(Throwable ex) {
        return message(unwrap(ex));
    }

    static Throwable unwrap(Throwable ex) {
        Throwable t = Exceptions.unwrap(ex);
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t.getClass() == RuntimeException.class && t.getMessage() == null) && t.getCause() != null) {
            t = Exceptions.unwrap(t.getCause());
        }
        return t;
    }

    static int exitCode(Throwable t) {
        if (t instanceof UserError u) {
            return u.exitCode();
        }
        if (t.getClass().getName().equals("io.zstor.engine.config.ConfigException")) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILED;
    }

    static String message(Throwable t) {
        if (t instanceof UserError || t instanceof ZdbException || t instanceof AuthenticationFailedException) {
            return t.getMessage();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + msg;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + msg;
        }
        return msg.lines().findFirst().orElse(msg);
    }
}
