package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.session.ZstorSession;
import picocli.CommandLine.Command;

/** {@code zstor rebuild -f PATH | -k KEY}: restores full redundancy of one object onto healthy backends. */
@Command(name = "rebuild", description = "re-encode an object onto healthy backends, rewriting what is missing")
public final class RebuildCommand extends StandardCommand {

    @picocli.CommandLine.Mixin
    ObjectTarget target;

    @Override
    public Integer call() {
        target.require("rebuild");
        try (ZstorSession session = openSession()) {
            String summary = session.rebuild(target.file(), target.key());
            if (global().debug() && summary != null) {
                err().println(summary);
            }
            return ExitCode.OK;
        }
    }
}
