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
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * The root {@code zstor} command: global options and the list of subcommands. The subcommands are added by
 * {@link #commandLine(String[])}, only the one a command line names when it names one: picocli builds the
 * model of every command it is given by reflection, which for all thirteen took more CPU than parsing the
 * config or connecting to the daemon.
 */
@Command(name = "zstor", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, versionProvider = ZstorCommand.Version.class,
        description = "zstor data encoder: stores files compressed, encrypted and erasure-coded on 0-db backends")
public final class ZstorCommand implements Runnable {

    /** Every subcommand, in the order {@code zstor --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(StoreCommand.class, RetrieveCommand.class,
            RebuildCommand.class, CheckCommand.class, MonitorCommand.class, TestCommand.class, StatusCommand.class,
            DeleteCommand.class, ListCommand.class, FailuresCommand.class, ZdbCommand.class,
            LocalClusterCommand.class, DemoCommand.class);

    /** Root options that take a value, so that the word after them is not a subcommand. */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("-c", "--config", "--log_file", "--log-file");

    @Mixin
    RootOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The command line for {@code args}: the root command with the subcommand {@code args} names, or with all of
     * them when it names none or one that does not exist (for the full help and picocli's own error message).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new ZstorCommand());
        String named = subcommandName(args);
        List<Class<?>> chosen = SUBCOMMANDS.stream().filter(c -> name(c).equals(named)).toList();
        for (Class<?> c : chosen.isEmpty() ? SUBCOMMANDS : chosen) {
            cli.addSubcommand(name(c), instance(c));
        }
        return cli;
    }

    /** The first argument that is neither an option nor the value of a root option, or null. */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (OPTIONS_WITH_VALUES.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static Object instance(Class<?> command) {
        try {
            return CommandLine.defaultFactory().create(command);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + command.getName(), e);
        }
    }

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
