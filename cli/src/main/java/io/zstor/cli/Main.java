package io.zstor.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code zstor} command: parses the command line, sets up logging, runs the
 * subcommand and maps failures to one line on standard error and an exit code (0 ok, 1 failed, 2 usage
 * or config). Stack traces only with {@code --debug}.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = ZstorCommand.commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parsed -> {
            GlobalOptions.Settings settings = settings(parsed);
            if (needsLog(parsed)) {
                LogSetup.configure(settings.logFile(), settings.debug());
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("zstor: " + ex.getMessage());
            err.println("try 'zstor " + commandName(ex.getCommandLine()) + "--help' for usage");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            return Failures.report(ex, err, settings(parsed).debug());
        });
        return cli.execute(args);
    }

    /** The global settings of this invocation: before the subcommand, overridden by those after it. */
    static GlobalOptions.Settings settings(CommandLine.ParseResult parsed) {
        ZstorCommand root = parsed.asCommandLineList().get(0).getCommand();
        Object last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1).getCommand();
        GlobalOptions later = last instanceof io.zstor.cli.command.BaseCommand base ? base.localOptions() : null;
        return root.global().resolve(later);
    }

    private static boolean needsLog(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return !(last.isUsageHelpRequested() || last.isVersionHelpRequested());
    }

    private static String commandName(CommandLine cl) {
        StringBuilder name = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            name.insert(0, c.getCommandName() + " ");
        }
        return name.toString();
    }
}
