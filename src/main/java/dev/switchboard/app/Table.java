package dev.switchboard.app;

import dev.switchboard.store.ControlChars;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with aligned columns, for the CLI's list commands. Every cell is shown on one line with its
 * control characters escaped ({@link ControlChars#escape}), so that a name, a model or an upstream's message can
 * neither break the table's lines nor act on the terminal. Colour comes only from {@link Coloured} cells.
 */
final class Table {
    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();

    /** A cell shown in colour ({@code ESC[...m}) where the output is a terminal; its text is escaped like any. */
    record Coloured(String text, String sgr) {
        static final String GREEN = "\u001B[32m";
        static final String RED = "\u001B[31m";

        Coloured {
            text = ControlChars.escape(text == null ? "" : text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        var row = new ArrayList<Object>();
        for (var c : cells) {
            row.add(c instanceof Coloured coloured ? coloured : ControlChars.escape(c == null ? "" : c.toString()));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        var widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (var r : rows) {
                widths[i] = Math.max(widths[i], width(r.get(i)));
            }
        }
        line(out, new ArrayList<>(headers), widths);
        rows.forEach(r -> line(out, r, widths));
        out.flush();
    }

    private static void line(PrintWriter out, List<Object> cells, int[] widths) {
        int last = cells.size() - 1;
        while (last > 0 && cells.get(last).toString().isBlank()) {
            last--; // no trailing blanks
        }
        for (int i = 0; i <= last; i++) {
            var cell = cells.get(i);
            if (cell instanceof Coloured c && out instanceof TerminalWriter terminal) {
                terminal.colour(c.sgr());
                out.print(c.text());
                terminal.colour(TerminalWriter.RESET);
            } else {
                out.print(i == last ? cell.toString().stripTrailing() : cell.toString());
            }
            if (i < last) {
                out.print(" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        out.println();
    }

    private static int width(Object cell) {
        var text = cell.toString();
        return text.codePointCount(0, text.length());
    }
}
