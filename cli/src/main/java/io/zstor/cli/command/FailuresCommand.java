package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.output.Json;
import io.zstor.cli.session.ZstorSession;
import io.zstor.cli.session.ZstorSession.Failure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstor failures}: the failed stores recorded by {@code store -s} and by non-blocking stores. */
@Command(name = "failures", description = "list recorded store failures (store -s, non-blocking stores)")
public final class FailuresCommand extends StandardCommand {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (ZstorSession session = openSession()) {
            List<Failure> failures = session.failures();
            if (json) {
                out().println(Json.write(failures.stream().map(FailuresCommand::toMap).toList()));
            } else {
                failures.forEach(f -> out().println(Instant.ofEpochMilli(f.atMillis()) + "\t" + f.key() + "\t"
                        + f.reason()));
            }
            out().flush();
            return ExitCode.OK;
        }
    }

    private static Map<String, Object> toMap(Failure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", f.key());
        m.put("reason", f.reason());
        m.put("at_ms", f.atMillis());
        m.put("attempts", f.attempts());
        return m;
    }
}
