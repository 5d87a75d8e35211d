package io.zstor.engine.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tomlj.TomlPosition;

/**
 * Collects the errors and warnings of one load, each tied to a source position, so that the loader reports
 * every problem at once instead of stopping at the first.
 */
final class Problems {
    private final String source;
    private final List<Entry> errors = new ArrayList<>();
    private final List<Entry> warnings = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void error(TomlPosition position, String message) {
        errors.add(new Entry(position, message));
    }

    void warn(TomlPosition position, String message) {
        warnings.add(new Entry(position, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Error lines, positionless first, then in file order. */
    List<String> errorLines() {
        return format(errors);
    }

    /** Warning lines in file order. */
    List<String> warningLines() {
        return format(warnings);
    }

    private List<String> format(List<Entry> entries) {
        return entries.stream()
                .sorted(Comparator.comparingInt((Entry e) -> e.position == null ? 0 : e.position.line())
                        .thenComparingInt(e -> e.position == null ? 0 : e.position.column()))
                .map(e -> e.position == null
                        ? source + ": " + e.message
                        : source + ":" + e.position.line() + ":" + e.position.column() + ": " + e.message)
                .distinct()
                .toList();
    }

    private record Entry(TomlPosition position, String message) {
    }
}
