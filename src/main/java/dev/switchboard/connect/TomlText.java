package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TOML file edited as text, line by line: only the keys and tables Switchboard sets are inserted or replaced,
 * so the person's comments, blank lines, key order and everything Switchboard does not know stay exactly as they
 * were (a TOML library would write the file anew and lose them). A small scanner follows strings, multi-line
 * strings and brackets, so a {@code [} inside a value or a multi-line array is never taken for a table header.
 */
final class TomlText {
    private final Path file;
    private final List<String> lines;
    private final String eol;
    private final boolean finalNewline;
    private List<Statement> statements;

    /** One key/value (its first and last line) or table header, in the table it belongs to ("" for the root). */
    private record Statement(boolean header, String table, String key, int first, int last) {
    }

    TomlText(Path file, String text) {
        this.file = file;
        this.eol = text.contains("\r\n") ? "\r\n" : "\n";
        this.finalNewline = text.isEmpty() || text.endsWith("\n");
        var split = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (finalNewline) {
            split.remove(split.size() - 1);
        }
        this.lines = split;
        scan();
    }

    /** Sets {@code key = "value"} among the root keys (before the first table), where TOML wants them. */
    void setRoot(String key, String value) {
        set("", key, value);
    }

    /** Sets {@code key = "value"} in {@code [table]}, adding the table at the end of the file if it is missing. */
    void setInTable(String table, String key, String value) {
        if (table.isEmpty() || headerLine(table) >= 0) {
            set(table, key, value);
            return;
        }
        if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
            lines.add("");
        }
        lines.add("[" + table + "]");
        lines.add(key + " = " + quote(value));
        scan();
    }

    /** Removes {@code key} (all its lines) from {@code [table]}, if it is there. */
    void removeInTable(String table, String key) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            var s = statements.get(i);
            if (!s.header() && s.table().equals(table) && s.key().equals(key)) {
                lines.subList(s.first(), s.last() + 1).clear();
            }
        }
        scan();
    }

    /**
     * Refuses when {@code table} is (also) defined some other way than as its own {@code [table]}: dotted keys
     * ({@code model_providers.switchboard.base_url = …}) or an inline table under a parent. Editing one form
     * while the other stays would leave a file the agent rejects.
     */
    void requireOnlyAsTable(String table) {
        for (var s : statements) {
            if (s.header() || s.table().equals(table) || s.table().startsWith(table + ".")) {
                continue;
            }
            var full = s.table().isEmpty() ? s.key() : s.table() + "." + s.key();
            if (full.equals(table) || full.startsWith(table + ".")) {
                throw new ConnectException(file + " defines " + table + " as \"" + full + " = …\" (line "
                        + (s.first() + 1) + "); Switchboard edits it only as a [" + table + "] table. Nothing was"
                        + " changed. Move it into a [" + table + "] table, or remove it, and try again.");
            }
        }
    }

    String text() {
        var joined = String.join(eol, lines);
        return finalNewline && !lines.isEmpty() ? joined + eol : joined;
    }

    private void set(String table, String key, String value) {
        Statement found = null;
        Statement lastInTable = null;
        for (var s : statements) {
            if (!s.header() && s.table().equals(table)) {
                lastInTable = s;
                if (s.key().equals(key) && found == null) {
                    found = s;
                }
            }
        }
        var line = key + " = " + quote(value);
        if (found != null) {
            if (found.first() != found.last()) {
                throw refuse(found, key);
            }
            lines.set(found.first(), replaceValue(found, lines.get(found.first()), quote(value)));
        } else if (lastInTable != null) {
            lines.add(lastInTable.last() + 1, line);
        } else if (!table.isEmpty()) {
            lines.add(headerLine(table) + 1, line);
        } else {
            insertFirstRootKey(line);
        }
        scan();
    }

    /** No root key yet: above the first table and the comment lines that belong to it, or at the end. */
    private void insertFirstRootKey(String line) {
        int header = -1;
        for (var s : statements) {
            if (s.header()) {
                header = s.first();
                break;
            }
        }
        if (header < 0) {
            int end = lines.size();
            while (end > 0 && lines.get(end - 1).isBlank()) {
                end--;
            }
            lines.add(end, line);
            return;
        }
        int at = header;
        while (at > 0 && lines.get(at - 1).strip().startsWith("#")) {
            at--;
        }
        lines.add(at, line);
        if (!lines.get(at + 1).isBlank()) {
            lines.add(at + 1, "");
        }
    }

    private int headerLine(String table) {
        for (var s : statements) {
            if (s.header() && s.table().equals(table)) {
                return s.first();
            }
        }
        return -1;
    }

    /** The line with its value replaced; what follows the value (a comment) stays. */
    private String replaceValue(Statement s, String line, String quoted) {
        int eq = equalsSign(line);
        int start = eq + 1;
        while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        if (start >= line.length()) {
            throw refuse(s, s.key());
        }
        char c = line.charAt(start);
        int end;
        if (line.startsWith("\"\"\"", start) || line.startsWith("'''", start) || c == '[' || c == '{') {
            throw refuse(s, s.key());
        } else if (c == '"') {
            end = endOfBasicString(line, start + 1);
        } else if (c == '\'') {
            end = line.indexOf('\'', start + 1) + 1;
        } else {
            end = start;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && line.charAt(end) != '#') {
                end++;
            }
        }
        if (end <= start) {
            throw refuse(s, s.key());
        }
        return line.substring(0, start) + quoted + line.substring(end);
    }

    private ConnectException refuse(Statement s, String key) {
        return new ConnectException(file + " line " + (s.first() + 1) + ": " + key + " has a form Switchboard does"
                + " not edit (a multi-line or non-string value). Nothing was changed. Make it a one-line string,"
                + " or remove it, and try again.");
    }

    /** Index after the closing quote of a basic string whose content starts at {@code from}; 0 if unclosed. */
    private static int endOfBasicString(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return 0;
    }

    /** The {@code =} of a key/value line, outside quoted key parts. */
    private static int equalsSign(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    /** A TOML basic string. */
    static String quote(String value) {
        var sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Dotted names compared as TOML means them: {@code a . "b"} is {@code a.b}. */
    private static String normalize(String name) {
        var sb = new StringBuilder();
        char quote = 0;
        for (char c : name.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    sb.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Finds every statement, following multi-line strings and brackets across lines. */
    private void scan() {
        var found = new ArrayList<Statement>();
        String table = "";
        int depth = 0;
        int mode = 0; // 0 plain, 1 inside """, 2 inside '''
        int open = -1; // index in found of the statement whose value is still open
        for (int n = 0; n < lines.size(); n++) {
            var line = lines.get(n);
            var trimmed = line.strip();
            int from = 0;
            if (mode == 0 && depth == 0) {
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.startsWith("[")) {
                    boolean array = trimmed.startsWith("[[");
                    int close = trimmed.indexOf(array ? "]]" : "]");
                    var name = normalize(trimmed.substring(array ? 2 : 1, close < 0 ? trimmed.length() : close));
                    table = array ? "[[" + name + "]]" : name; // an array of tables is never a table we set
                    found.add(new Statement(true, table, "", n, n));
                    continue;
                }
                int eq = equalsSign(line);
                if (eq < 0) {
                    continue; // not TOML; the agent will say so, Switchboard leaves it as it is
                }
                found.add(new Statement(false, table, normalize(line.substring(0, eq)), n, n));
                open = found.size() - 1;
                from = eq + 1;
            }
            for (int i = from; i < line.length(); i++) {
                char c = line.charAt(i);
                if (mode == 1) {
                    if (c == '\\') {
                        i++;
                    } else if (line.startsWith("\"\"\"", i)) {
                        mode = 0;
                        i += 2;
                    }
                } else if (mode == 2) {
                    if (line.startsWith("'''", i)) {
                        mode = 0;
                        i += 2;
                    }
                } else if (c == '#') {
                    break;
                } else if (line.startsWith("\"\"\"", i)) {
                    mode = 1;
                    i += 2;
                } else if (line.startsWith("'''", i)) {
                    mode = 2;
                    i += 2;
                } else if (c == '"') {
                    int end = endOfBasicString(line, i + 1);
                    i = end == 0 ? line.length() : end - 1;
                } else if (c == '\'') {
                    int end = line.indexOf('\'', i + 1);
                    i = end < 0 ? line.length() : end;
                } else if (c == '[' || c == '{') {
                    depth++;
                } else if (c == ']' || c == '}') {
                    depth = Math.max(0, depth - 1);
                }
            }
            if (open >= 0) {
                var s = found.get(open);
                found.set(open, new Statement(false, s.table(), s.key(), s.first(), n));
                if (mode == 0 && depth == 0) {
                    open = -1;
                }
            }
        }
        this.statements = found;
    }
}
