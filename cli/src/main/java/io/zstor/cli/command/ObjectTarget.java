package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The object a command acts on: {@code -f PATH} (the path it was stored as) or {@code -k KEY}, exactly one. */
public final class ObjectTarget {

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "path the file was stored as")
    Path file;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "key of the object")
    String key;

    /** Checks that exactly one of {@code -f} and {@code -k} was given. */
    void require(String command) {
        if ((file == null) == (key == null)) {
            throw new UserError(ExitCode.USAGE, command + " needs exactly one of -f PATH or -k KEY");
        }
    }

    /** The path, absolute and normalised, when {@code -f} was given. */
    Optional<Path> file() {
        return Optional.ofNullable(file).map(f -> f.toAbsolutePath().normalize());
    }

    /** The key when {@code -k} was given. */
    Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The path or key, for messages. */
    String describe() {
        return file().map(Path::toString).orElse(key);
    }
}
