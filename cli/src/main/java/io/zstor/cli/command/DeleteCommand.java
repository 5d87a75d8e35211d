package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.session.ZstorSession;
import picocli.CommandLine.Command;

/** {@code zstor delete -f PATH | -k KEY}: removes an object's pieces and metadata; exit 1 when absent. */
@Command(name = "delete", description = "delete a stored object (its pieces and metadata)")
public final class DeleteCommand extends StandardCommand {

    @picocli.CommandLine.Mixin
    ObjectTarget target;

    @Override
    public Integer call() {
        target.require("delete");
        try (ZstorSession session = openSession()) {
            boolean deleted = session.delete(target.file(), target.key());
            if (!deleted) {
                err().println("zstor: not stored: " + target.describe());
                return ExitCode.FAILED;
            }
            return ExitCode.OK;
        }
    }
}
