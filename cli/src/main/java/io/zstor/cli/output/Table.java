package io.zstor.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table in the original's prettytable box style ({@code +---+}, {@code |}, {@code =} under the
 * title row), used by {@code status}. Numeric-looking cells are right-aligned.
 */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column titles. */
    public Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** Adds one row (as many cells as columns). */
    public Table row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** The table as text, one line per row, ending with a newline. */
    public String render() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, width, '-');
        cells(out, width, header);
        line(out, width, '=');
        for (List<String> row : rows) {
            cells(out, width, row);
            line(out, width, '-');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int[] width, char fill) {
        out.append('+');
        for (int w : width) {
            out.append(String.valueOf(fill).repeat(w + 2)).append('+');
        }
        out.append('\n');
    }

    private static void cells(StringBuilder out, int[] width, List<String> cells) {
        out.append('|');
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            boolean numeric = !cell.isEmpty() && cell.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.');
            out.append(' ').append(numeric ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }
}
