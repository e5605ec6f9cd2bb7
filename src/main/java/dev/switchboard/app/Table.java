package dev.switchboard.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with aligned columns, for the CLI's list commands. Cells may hold ANSI colour codes
 * ({@code test} colours its results): columns are aligned by the characters that show, not by the codes.
 */
final class Table {
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001B\\[[0-9;]*m");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        var row = new ArrayList<String>();
        for (var c : cells) {
            row.add(c == null ? "" : c.toString());
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
                widths[i] = Math.max(widths[i], visible(r.get(i)));
            }
        }
        line(out, headers, widths);
        rows.forEach(r -> line(out, r, widths));
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        var sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            var cell = cells.get(i);
            sb.append(cell);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(widths[i] - visible(cell) + 2));
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    private static int visible(String cell) {
        var plain = ANSI.matcher(cell).replaceAll("");
        return plain.codePointCount(0, plain.length());
    }
}
