package dev.switchboard.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough TOML to read the few values Codex's {@code config.toml} holds that an import needs
 * ({@code model}, {@code model_provider}, and {@code base_url} / {@code wire_api} in
 * {@code [model_providers.<name>]}), without a TOML dependency for three lines.
 *
 * <p>It reads {@code [table]} headers (dotted, with quoted parts) and {@code key = value} lines whose value
 * is a basic string (with escapes), a literal string, or a bare scalar; anything else (arrays, inline tables,
 * multi-line strings, array tables) is skipped rather than guessed at, so a config with more in it than this
 * reads still yields the values it does understand.
 */
final class TomlLines {
    private TomlLines() {
    }

    /** {@code key} or {@code table.key} to value, for every scalar this parser understands. */
    static Map<String, String> read(String text) {
        var out = new LinkedHashMap<String, String>();
        if (text == null) {
            return out;
        }
        var table = "";
        boolean inMultiline = false;
        for (var raw : text.split("\r?\n")) {
            var line = raw.strip();
            if (inMultiline) {
                // skip to the end of a """ or ''' string; its content could look like anything
                inMultiline = !(line.contains("\"\"\"") || line.contains("'''"));
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[[")) {
                table = null; // an array of tables: nothing we read lives there
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                table = end < 0 ? null : dotted(line.substring(1, end));
                continue;
            }
            int eq = indexOutsideQuotes(line, '=');
            if (eq <= 0 || table == null) {
                continue;
            }
            var key = dotted(line.substring(0, eq));
            var rest = line.substring(eq + 1).strip();
            if (rest.startsWith("\"\"\"") || rest.startsWith("'''")) {
                var body = rest.substring(3);
                inMultiline = !(body.contains("\"\"\"") || body.contains("'''"));
                continue;
            }
            var value = scalar(rest);
            if (value != null) {
                out.put(table.isEmpty() ? key : table + "." + key, value);
            }
        }
        return out;
    }

    /** {@code a . "b c"} → {@code a.b c}: the parts of a dotted key or table name, unquoted. */
    private static String dotted(String s) {
        var out = new StringBuilder();
        var part = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    part.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '.') {
                out.append(part.toString().strip()).append('.');
                part.setLength(0);
            } else {
                part.append(ch);
            }
        }
        return out.append(part.toString().strip()).toString();
    }

    private static int indexOutsideQuotes(String s, char wanted) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The value of a basic string, literal string or bare scalar; null for anything else. */
    private static String scalar(String v) {
        if (v.startsWith("\"")) {
            var out = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch == '\\' && i + 1 < v.length()) {
                    char e = v.charAt(++i);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'u' -> {
                            if (i + 4 >= v.length()) {
                                return null;
                            }
                            try {
                                out.append((char) Integer.parseInt(v.substring(i + 1, i + 5), 16));
                            } catch (NumberFormatException bad) {
                                return null;
                            }
                            i += 4;
                        }
                        default -> out.append(e); // \" \\ and anything else taken literally
                    }
                } else {
                    out.append(ch);
                }
            }
            return null; // unterminated
        }
        if (v.startsWith("'")) {
            int end = v.indexOf('\'', 1);
            return end < 0 ? null : v.substring(1, end);
        }
        if (v.startsWith("[") || v.startsWith("{")) {
            return null;
        }
        int hash = v.indexOf('#');
        var bare = (hash >= 0 ? v.substring(0, hash) : v).strip();
        return bare.isEmpty() ? null : bare;
    }
}
