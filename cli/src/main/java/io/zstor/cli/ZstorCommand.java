package io.zstor.cli;

import io.zstor.cli.command.CheckCommand;
import io.zstor.cli.command.DeleteCommand;
import io.zstor.cli.command.DemoCommand;
import io.zstor.cli.command.FailuresCommand;
import io.zstor.cli.command.ListCommand;
import io.zstor.cli.command.LocalClusterCommand;
import io.zstor.cli.command.MonitorCommand;
import io.zstor.cli.command.RebuildCommand;
import io.zstor.cli.command.RetrieveCommand;
import io.zstor.cli.command.StatusCommand;
import io.zstor.cli.command.StoreCommand;
import io.zstor.cli.command.TestCommand;
import io.zstor.cli.command.ZdbCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The root {@code zstor} command: global options and the list of subcommands. */
@Command(name = "zstor", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, versionProvider = ZstorCommand.Version.class,
        description = "zstor data encoder: stores files compressed, encrypted and erasure-coded on 0-db backends",
        subcommands = {StoreCommand.class, RetrieveCommand.class, RebuildCommand.class, CheckCommand.class,
            MonitorCommand.class, TestCommand.class, StatusCommand.class, DeleteCommand.class, ListCommand.class,
            FailuresCommand.class, ZdbCommand.class, LocalClusterCommand.class, DemoCommand.class})
public final class ZstorCommand implements Runnable {

    @Mixin
    RootOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The global options given before the subcommand. */
    public GlobalOptions global() {
        return global;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** The version from the jar manifest. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ZstorCommand.class.getPackage().getImplementationVersion();
            return new String[] {"zstor " + (v == null ? "dev" : v)};
        }
    }
}
