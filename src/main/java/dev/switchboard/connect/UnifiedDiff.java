package dev.switchboard.connect;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.file.Path;
import java.util.List;

/** A unified diff of one file, as {@code diff -u} and git show it: what the person confirms before a write. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /**
     * @param before the text now, null when the file does not exist ({@code /dev/null} in the header)
     * @param after  the text afterwards, null when the file is deleted
     */
    static String of(Path file, String before, String after) {
        var original = lines(before);
        var revised = lines(after);
        var patch = DiffUtils.diff(original, revised);
        var out = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : file.toString(),
                after == null ? "/dev/null" : file.toString(), original, patch, CONTEXT);
        var sb = new StringBuilder();
        out.forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        var body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\r?\n", -1));
    }
}
