package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import io.zstor.cli.session.ZstorSession;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstor delete -f PATH | -k KEY}: removes an object's pieces and metadata; exit 1 when absent. */
@Command(name = "delete", description = "delete a stored object (its pieces and metadata)")
public final class DeleteCommand extends BaseCommand {

    @picocli.CommandLine.Mixin
    io.zstor.cli.LocalOptions local;

    @Override
    public io.zstor.cli.GlobalOptions localOptions() {
        return local;
    }

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "path the file was stored as")
    Path file;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "key of the object (e.g. a stdin store)")
    String key;

    @Override
    public Integer call() {
        if ((file == null) == (key == null)) {
            throw new UserError(ExitCode.USAGE, "delete needs exactly one of -f PATH or -k KEY");
        }
        try (ZstorSession session = openSession()) {
            boolean deleted = session.delete(Optional.ofNullable(file).map(f -> f.toAbsolutePath().normalize()),
                    Optional.ofNullable(key));
            if (!deleted) {
                err().println("zstor: not stored: " + (file != null ? file.toAbsolutePath().normalize() : key));
                return ExitCode.FAILED;
            }
            return ExitCode.OK;
        }
    }
}
