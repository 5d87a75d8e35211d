package io.zstor.engine.config;

import java.util.List;

/**
 * A configuration that cannot be used. Carries every problem found, one line each, in the form
 * {@code file:line:column: message} (or {@code file: message} when the problem has no position, such as a
 * missing top-level key). The message is those lines joined with newlines. Never contains key material or
 * passwords.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problems, one line each; unmodifiable. */
    private final List<String> problems;

    /** @param problems one line per problem, at least one */
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one line each, in file order. */
    public List<String> problems() {
        return problems;
    }
}
