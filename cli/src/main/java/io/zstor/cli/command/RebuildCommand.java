package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import io.zstor.cli.session.ZstorSession;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstor rebuild -f PATH | -k KEY}: restores full redundancy of one object onto healthy backends. */
@Command(name = "rebuild", description = "re-encode an object onto healthy backends, rewriting what is missing")
public final class RebuildCommand extends BaseCommand {

    @picocli.CommandLine.Mixin
    io.zstor.cli.LocalOptions local;

    @Override
    public io.zstor.cli.GlobalOptions localOptions() {
        return local;
    }

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "path the file was stored as")
    Path file;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "metadata key of the object")
    String key;

    @Override
    public Integer call() {
        if ((file == null) == (key == null)) {
            throw new UserError(ExitCode.USAGE, "rebuild needs exactly one of -f PATH or -k KEY");
        }
        try (ZstorSession session = openSession()) {
            String summary = session.rebuild(Optional.ofNullable(file).map(f -> f.toAbsolutePath().normalize()),
                    Optional.ofNullable(key));
            if (global().debug() && summary != null) {
                err().println(summary);
            }
            return ExitCode.OK;
        }
    }
}
