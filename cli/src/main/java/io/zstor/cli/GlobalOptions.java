package io.zstor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the subcommand name (picocli inherited scope), with the
 * original's spellings: {@code -c/--config}, {@code -d/--debug}, {@code --log_file} and {@code --log-file}.
 */
public final class GlobalOptions {

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "config file (default: ${DEFAULT-VALUE})", defaultValue = "zstor_config.toml")
    Path config;

    @Option(names = {"-d", "--debug"}, scope = ScopeType.INHERIT,
            description = "debug logging, and stack traces on errors")
    boolean debug;

    @Option(names = {"--log_file", "--log-file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "rolling log file, 10 MiB x 5 (default: ${DEFAULT-VALUE})", defaultValue = "zstor.log")
    Path logFile;

    /** The config file path. */
    public Path config() {
        return config;
    }

    /** Whether debug output was asked for. */
    public boolean debug() {
        return debug;
    }

    /** The log file path. */
    public Path logFile() {
        return logFile;
    }
}
