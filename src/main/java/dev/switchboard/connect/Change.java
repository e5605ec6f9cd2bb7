package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One file as it is and as it will be.
 *
 * @param before its bytes now, or null when it does not exist
 * @param after  its bytes afterwards, or null when it is to be deleted (an undo of a file Switchboard made)
 */
public record Change(Path file, byte[] before, byte[] after) {
    /** Whether it changes anything. */
    public boolean changes() {
        return before == null ? after != null : !Arrays.equals(before, after);
    }

    /** The unified diff of this change (empty when there is none), with {@code secret} masked when given. */
    public String diff(String secret, String shownSecret) {
        if (!changes()) {
            return "";
        }
        var text = UnifiedDiff.of(file, Texts.decode(file, before), Texts.decode(file, after));
        return secret == null || secret.isEmpty() ? text : text.replace(secret, shownSecret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Change c && c.file.equals(file) && Arrays.equals(c.before, before)
                && Arrays.equals(c.after, after);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Arrays.hashCode(before) * 17 + Arrays.hashCode(after);
    }

    @Override
    public String toString() {
        return "Change[" + file + (before == null ? " (new)" : "") + (after == null ? " (deleted)" : "") + "]";
    }
}
