package io.zstor.cli.command;

import io.zstor.cli.GlobalOptions;
import io.zstor.cli.ZstorCommand;
import io.zstor.cli.session.Sessions;
import io.zstor.cli.session.ZstorSession;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What every subcommand shares: the global options, the output streams, and opening a session. */
public abstract class BaseCommand implements Callable<Integer> {

    @ParentCommand
    ZstorCommand root;

    @Spec
    CommandSpec spec;

    /** The global options repeated after this subcommand. */
    public abstract GlobalOptions localOptions();

    /** The effective global settings: before the subcommand, overridden by those after it. */
    protected final GlobalOptions.Settings global() {
        return root.global().resolve(localOptions());
    }

    /** Standard output of the command. */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error of the command. */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Opens the engine: through the daemon when the config names a socket, else in this process. */
    protected final ZstorSession openSession() {
        return Sessions.open(global().config());
    }
}
