package dev.switchboard.store;

import java.time.Instant;
import java.util.List;

/**
 * A named, ordered list of entries (DESIGN §1). The built-in {@code auto} group always exists.
 *
 * @param memberIds entry ids in group order, first is tried first
 */
public record Group(long id, String name, boolean builtin, List<Long> memberIds, Instant createdAt) {
    public static final String AUTO = "auto";

    public Group {
        memberIds = List.copyOf(memberIds);
    }

    public boolean isAuto() {
        return AUTO.equalsIgnoreCase(name);
    }
}
