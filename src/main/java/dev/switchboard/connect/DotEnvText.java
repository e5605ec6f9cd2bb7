package dev.switchboard.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .env} file edited as text: a variable Switchboard sets replaces the lines that set it (keeping an
 * {@code export} before it), or is added at the end; comments and every other line stay as they were.
 */
final class DotEnvText {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@+\\-\\[\\]]+");

    private final List<String> lines;
    private final String eol;
    private final boolean finalNewline;

    DotEnvText(String text) {
        this.eol = text.contains("\r\n") ? "\r\n" : "\n";
        this.finalNewline = text.isEmpty() || text.endsWith("\n");
        var split = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (finalNewline) {
            split.remove(split.size() - 1);
        }
        this.lines = split;
    }

    void set(String name, String value) {
        var assignment = Pattern.compile("^(\\s*(?:export\\s+)?)" + Pattern.quote(name) + "\\s*=.*$");
        var line = name + "=" + quote(value);
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            var m = assignment.matcher(lines.get(i));
            if (m.matches()) {
                // dotenv lets a later line win: every line that sets it gets the new value
                lines.set(i, m.group(1) + line);
                found = true;
            }
        }
        if (!found) {
            lines.add(line);
        }
    }

    String text() {
        var joined = String.join(eol, lines);
        return finalNewline && !lines.isEmpty() ? joined + eol : joined;
    }

    private static String quote(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
