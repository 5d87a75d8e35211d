package io.zstor.engine;

import java.util.List;
import reactor.core.Exceptions;

/**
 * The text of a failure for a one-line error message. Reactor combines the errors of operators that delay
 * them (several piece writes failing at once, for example) into one exception whose message is only
 * "Multiple exceptions"; this names the first of them instead and says how many more there were, so the user
 * sees the real cause (a full disk, a timeout) rather than the wrapper.
 */
public final class ErrorText {

    private ErrorText() {
    }

    /** The message of {@code error}, or of the first error it combines followed by how many more it holds. */
    public static String of(Throwable error) {
        List<Throwable> all = Exceptions.unwrapMultiple(error);
        if (all.size() <= 1) {
            Throwable only = all.isEmpty() ? error : all.get(0);
            return message(only);
        }
        return message(all.get(0)) + " (and " + (all.size() - 1) + " more error" + (all.size() > 2 ? "s" : "") + ")";
    }

    /** The first error {@code error} combines, or {@code error} itself when it combines none. */
    public static Throwable first(Throwable error) {
        List<Throwable> all = Exceptions.unwrapMultiple(error);
        return all.isEmpty() ? error : all.get(0);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
