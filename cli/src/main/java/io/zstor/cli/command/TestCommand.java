package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.session.ZstorSession;
import picocli.CommandLine.Command;

/**
 * {@code zstor test}: every backend (data and metadata) answers in the right mode and the redundancy policy is
 * satisfiable. Prints nothing on success, like the original; the failing backends otherwise.
 */
@Command(name = "test", description = "check that every backend answers and a shard placement exists")
public final class TestCommand extends StandardCommand {

    @Override
    public Integer call() {
        try (ZstorSession session = openSession()) {
            session.test();
            return ExitCode.OK;
        }
    }
}
