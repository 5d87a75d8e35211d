package io.zstor.cli.command;

import io.zstor.cli.GlobalOptions;
import io.zstor.cli.LocalOptions;
import picocli.CommandLine.Mixin;

/** A subcommand after which the global options, {@code -d} included, may be repeated. */
public abstract class StandardCommand extends BaseCommand {

    @Mixin
    LocalOptions local;

    @Override
    public final GlobalOptions localOptions() {
        return local;
    }
}
