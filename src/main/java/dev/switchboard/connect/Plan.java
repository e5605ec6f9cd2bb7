package dev.switchboard.connect;

import java.util.List;

/** What connecting, or undoing, one agent changes: every file it touches, before and after. */
public record Plan(Agent agent, List<Change> changes) {
    public Plan {
        changes = List.copyOf(changes);
    }

    /** Whether nothing would change (already connected; nothing to restore). */
    public boolean empty() {
        return changes.stream().noneMatch(Change::changes);
    }

    /** The unified diff of every change, {@code target}'s key shown masked when it is an access key. */
    public String diff(Target target) {
        var secret = target != null && target.secretKey() ? target.key() : null;
        var shown = target == null ? null : target.shownKey();
        var sb = new StringBuilder();
        changes.forEach(c -> sb.append(c.diff(secret, shown)));
        return sb.toString();
    }
}
