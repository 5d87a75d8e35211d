package io.zstor.cli.session;

import java.nio.file.Path;

/** Placeholder until the daemon client lands: the socket-served session. */
final class DaemonSession {

    private DaemonSession() {
    }

    static ZstorSession connect(Path socket) {
        throw new io.zstor.cli.UserError(io.zstor.cli.ExitCode.FAILED,
                "no zstor daemon answers on " + socket + ": start `zstor monitor`");
    }
}
