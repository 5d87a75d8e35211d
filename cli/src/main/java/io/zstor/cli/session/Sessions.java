package io.zstor.cli.session;

import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import java.nio.file.Path;

/**
 * Opens the session a command runs in: through the daemon when the config names a {@code socket} (and a
 * clear error when nothing answers there; no silent fallback), else an engine in this process.
 */
public final class Sessions {

    private Sessions() {
    }

    /** Loads and validates {@code configFile}, then opens the matching session. */
    public static ZstorSession open(Path configFile) {
        ZstorConfig config = ConfigLoader.load(configFile);
        if (config.socket().isPresent()) {
            return DaemonSession.connect(config.socket().get());
        }
        return InProcessSession.open(config);
    }
}
