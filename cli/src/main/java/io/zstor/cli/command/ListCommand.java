package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.output.Json;
import io.zstor.cli.session.ZstorSession;
import io.zstor.cli.session.ZstorSession.Listed;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstor list}: every stored object, one per line: size in bytes, a tab, its key (path). */
@Command(name = "list", description = "list stored objects: size and key (path)")
public final class ListCommand extends StandardCommand {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (ZstorSession session = openSession()) {
            List<Listed> objects = session.list().stream().sorted(Comparator.comparing(Listed::key)).toList();
            if (json) {
                out().println(Json.write(objects.stream().map(ListCommand::toMap).toList()));
            } else {
                objects.forEach(o -> out().println(o.size() + "\t" + o.key()));
            }
            out().flush();
            return ExitCode.OK;
        }
    }

    private static Map<String, Object> toMap(Listed o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", o.key());
        m.put("size", o.size());
        m.put("checksum", o.checksum());
        m.put("stored_at_ms", o.storedAtMillis());
        return m;
    }
}
