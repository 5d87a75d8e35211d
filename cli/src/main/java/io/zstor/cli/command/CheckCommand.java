package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.output.Json;
import io.zstor.cli.session.ZstorSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstor check -f PATH}: prints the stored checksum (BLAKE2b-128, 32 hex chars) and the path, and exits 1
 * when nothing is stored for PATH (the original exits 0 and prints nothing).
 */
@Command(name = "check", description = "print the checksum of a stored file; exit 1 when it is not stored")
public final class CheckCommand extends StandardCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "PATH", description = "path the file was stored as")
    Path file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        Path key = file.toAbsolutePath().normalize();
        try (ZstorSession session = openSession()) {
            Optional<String> checksum = session.check(key);
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("path", key.toString());
                o.put("stored", checksum.isPresent());
                o.put("checksum", checksum.orElse(null));
                out().println(Json.write(o));
            } else if (checksum.isPresent()) {
                out().println(checksum.get() + "  " + key);
            } else {
                err().println("zstor: not stored: " + key);
            }
            out().flush();
            return checksum.isPresent() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
