package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import picocli.CommandLine.Command;

/** {@code zstor monitor}: runs the daemon serving the socket named in the config. */
@Command(name = "monitor", description = "run the daemon: serve commands on the config's socket, monitor and repair")
public final class MonitorCommand extends BaseCommand {

    @picocli.CommandLine.Mixin
    io.zstor.cli.LocalOptions local;

    @Override
    public io.zstor.cli.GlobalOptions localOptions() {
        return local;
    }

    @Override
    public Integer call() {
        throw new UserError(ExitCode.FAILED, "monitor is not available yet");
    }
}
