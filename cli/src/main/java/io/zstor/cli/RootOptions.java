package io.zstor.cli;

import picocli.CommandLine.Option;

/** The global options before the subcommand, where {@code -d} is the original's short form of {@code --debug}. */
public final class RootOptions extends GlobalOptions {

    @Option(names = "-d", description = "same as --debug")
    boolean shortDebug;

    @Override
    public boolean debug() {
        return super.debug() || shortDebug;
    }
}
