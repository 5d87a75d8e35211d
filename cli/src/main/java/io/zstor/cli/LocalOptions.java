package io.zstor.cli;

import picocli.CommandLine.Option;

/**
 * The global options repeated after a subcommand. {@code -d} means {@code --debug} here too, except after
 * {@code store}, where the original uses {@code -d} for {@code --delete} (see {@link StoreLocalOptions}).
 */
public final class LocalOptions extends GlobalOptions {

    @Option(names = "-d", description = "same as --debug")
    boolean shortDebug;

    @Override
    public boolean debug() {
        return super.debug() || shortDebug;
    }
}
