package io.zstor.engine.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One TOML table of the config file with typed, position-aware accessors. Every accessor reports a wrong
 * type or value to {@link Problems} as {@code <dotted.name>: <what is wrong>} and returns empty, so the
 * loader goes on and finds every problem in one pass. Keys are looked up literally (never split on dots).
 */
final class TomlSection {
    private final TomlTable table;
    private final String name;
    private final TomlPosition position;
    private final Problems problems;

    TomlSection(TomlTable table, String name, TomlPosition position, Problems problems) {
        this.table = table;
        this.name = name;
        this.position = position;
        this.problems = problems;
    }

    /** Dotted name of this table ({@code groups[1].backends[0]}), empty for the root. */
    String name() {
        return name;
    }

    /** Position of this table's header, or null for the root. */
    TomlPosition position() {
        return position;
    }

    /** Dotted name of a key of this table. */
    String nameOf(String key) {
        return name.isEmpty() ? key : name + "." + key;
    }

    /** Position of a key of this table, or of the table itself when the key is absent. */
    TomlPosition positionOf(String key) {
        TomlPosition p = table.contains(List.of(key)) ? table.inputPositionOf(List.of(key)) : null;
        return p != null ? p : position;
    }

    boolean contains(String key) {
        return table.contains(List.of(key));
    }

    /** Reports {@code <name.key>: message} at the key. */
    void error(String key, String message) {
        problems.error(positionOf(key), nameOf(key) + ": " + message);
    }

    /** Reports a problem of this whole table. */
    void tableError(String message) {
        problems.error(position, (name.isEmpty() ? "" : name + ": ") + message);
    }

    /**
     * Reports keys outside {@code known}: errors where the original rejects them ({@code strict}), warnings
     * where it silently ignored them. {@code hints} maps retired keys to advice.
     */
    void checkKeys(Set<String> known, boolean strict, Map<String, String> hints) {
        for (String key : table.keySet()) {
            if (known.contains(key)) {
                continue;
            }
            String message = "unknown key '" + nameOf(key) + "'";
            String hint = hints.get(key);
            if (hint != null) {
                message += ": " + hint;
            } else {
                String close = closest(key, known);
                if (close != null) {
                    message += " (did you mean '" + close + "'?)";
                }
            }
            if (strict) {
                problems.error(positionOf(key), message);
            } else {
                problems.warn(positionOf(key), message + "; ignored");
            }
        }
    }

    private void missing(String key) {
        problems.error(position, "missing required key '" + nameOf(key) + "'");
    }

    /** An integer in {@code [min, max]}; {@code hint} (may be empty) explains the range. */
    OptionalLong integer(String key, long min, long max, boolean required, String hint) {
        Object value = table.get(List.of(key));
        if (value == null) {
            if (required) {
                missing(key);
            }
            return OptionalLong.empty();
        }
        if (!(value instanceof Long number)) {
            error(key, "expected an integer, found " + typeName(value));
            return OptionalLong.empty();
        }
        if (number < min || number > max) {
            error(key, "must be " + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", got " + number + (hint.isEmpty() ? "" : " (" + hint + ")"));
            return OptionalLong.empty();
        }
        return OptionalLong.of(number);
    }

    /** A string; {@code nonEmpty} rejects {@code ""}. */
    Optional<String> string(String key, boolean required, boolean nonEmpty) {
        Object value = table.get(List.of(key));
        if (value == null) {
            if (required) {
                missing(key);
            }
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            error(key, "expected a string, found " + typeName(value));
            return Optional.empty();
        }
        if (nonEmpty && text.isEmpty()) {
            error(key, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** One of {@code allowed}, compared exactly (case sensitive, as the original). */
    Optional<String> choice(String key, List<String> allowed) {
        Optional<String> value = string(key, true, false);
        if (value.isPresent() && !allowed.contains(value.get())) {
            error(key, "unsupported value \"" + value.get() + "\", expected "
                    + String.join(" or ", allowed.stream().map(a -> "\"" + a + "\"").toList()));
            return Optional.empty();
        }
        return value;
    }

    /** A filesystem path given as a non-empty string. */
    Optional<Path> path(String key) {
        return string(key, false, true).flatMap(text -> {
            try {
                return Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                error(key, "not a valid path: " + e.getReason());
                return Optional.empty();
            }
        });
    }

    /** A sub-table ({@code [name.key]} or an inline table). */
    Optional<TomlSection> table(String key, boolean required) {
        Object value = table.get(List.of(key));
        if (value == null) {
            if (required) {
                missing(key);
            }
            return Optional.empty();
        }
        if (!(value instanceof TomlTable sub)) {
            error(key, "expected a table, found " + typeName(value));
            return Optional.empty();
        }
        return Optional.of(new TomlSection(sub, nameOf(key), positionOf(key), problems));
    }

    /** An array of tables ({@code [[name.key]]} or an array of inline tables); non-tables are reported. */
    Optional<List<TomlSection>> tables(String key, boolean required) {
        Object value = table.get(List.of(key));
        if (value == null) {
            if (required) {
                missing(key);
            }
            return Optional.empty();
        }
        if (!(value instanceof TomlArray array)) {
            error(key, "expected an array of tables, found " + typeName(value));
            return Optional.empty();
        }
        List<TomlSection> sections = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            String itemName = nameOf(key) + "[" + i + "]";
            TomlPosition itemPosition = array.inputPositionOf(i);
            Object item = array.get(i);
            if (item instanceof TomlTable sub) {
                sections.add(new TomlSection(sub, itemName, itemPosition, problems));
            } else {
                problems.error(itemPosition != null ? itemPosition : positionOf(key),
                        itemName + ": expected a table, found " + typeName(item));
                ok = false;
            }
        }
        return ok ? Optional.of(sections) : Optional.empty();
    }

    /** "a string", "an integer", ... for messages. */
    static String typeName(Object value) {
        if (value instanceof String) {
            return "a string";
        } else if (value instanceof Long) {
            return "an integer";
        } else if (value instanceof Double) {
            return "a float";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof TomlTable) {
            return "a table";
        } else if (value instanceof TomlArray) {
            return "an array";
        }
        return "a date/time";
    }

    /** The known key within edit distance 2 of {@code key}, if any. */
    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = editDistance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
