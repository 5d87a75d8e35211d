package io.zstor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The global options with the original's spellings: {@code -c/--config}, {@code -d/--debug},
 * {@code --log_file} and {@code --log-file}. They are accepted before the subcommand (as the original
 * requires) and after it (see {@link LocalOptions}); a value given after the subcommand wins.
 */
public class GlobalOptions {

    /** The config file used when none is named. */
    public static final Path DEFAULT_CONFIG = Path.of("zstor_config.toml");
    /** The log file used when none is named. */
    public static final Path DEFAULT_LOG = Path.of("zstor.log");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: zstor_config.toml)")
    Path config;

    @Option(names = {"--debug"}, description = "debug logging, and stack traces on errors")
    boolean debug;

    @Option(names = {"--log_file", "--log-file"}, paramLabel = "FILE", description = "rolling log file, 10 MiB x 5 (default: zstor.log)")
    Path logFile;

    /** The config file named here, or null. */
    public Path config() {
        return config;
    }

    /** Whether debug output was asked for here. */
    public boolean debug() {
        return debug;
    }

    /** The log file named here, or null. */
    public Path logFile() {
        return logFile;
    }

    /** These options with {@code later}'s values (given after the subcommand) taking precedence. */
    public Settings resolve(GlobalOptions later) {
        Path c = later != null && later.config() != null ? later.config() : config() != null ? config() : DEFAULT_CONFIG;
        Path l = later != null && later.logFile() != null ? later.logFile() : logFile() != null ? logFile() : DEFAULT_LOG;
        boolean d = debug() || later != null && later.debug();
        return new Settings(c, d, l);
    }

    /** The effective global settings of one invocation. */
    public record Settings(Path config, boolean debug, Path logFile) {
    }
}
