package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.output.Json;
import io.zstor.cli.output.Table;
import io.zstor.cli.session.ZstorSession;
import io.zstor.cli.session.ZstorSession.BackendRow;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstor status}: one table per kind of backend (metadata first, then data) with reachability, state,
 * objects, used and real free space. Passwords are never part of a row.
 */
@Command(name = "status", description = "show every backend: reachable, state, objects, used and free space")
public final class StatusCommand extends StandardCommand {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (ZstorSession session = openSession()) {
            List<BackendRow> rows = session.status();
            if (json) {
                out().println(Json.write(rows.stream().map(BackendRow::toMap).toList()));
                return ExitCode.OK;
            }
            for (String kind : List.of("meta", "data")) {
                Table table = new Table(List.of("backend", "reachable", "state", "objects", "used space",
                        "free space", "usage percentage"));
                rows.stream().filter(r -> r.kind().equals(kind)).forEach(r -> table.row(cells(r)));
                out().println(kind.equals("meta") ? "metadata backends" : "data backends");
                out().print(table.render());
            }
            out().flush();
            return ExitCode.OK;
        }
    }

    private static List<String> cells(BackendRow r) {
        if (!r.reachable()) {
            return List.of(r.backend(), "No", r.state(), "-", "-", "-", "-");
        }
        long capacity = r.usedBytes() + r.freeBytes();
        String pct = capacity <= 0 ? "-" : Long.toString(100 * r.usedBytes() / capacity);
        return List.of(r.backend(), "Yes", r.state(), Long.toString(r.objects()), Long.toString(r.usedBytes()),
                Long.toString(r.freeBytes()), pct);
    }
}
