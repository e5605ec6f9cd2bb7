package dev.switchboard.sync;

import java.util.List;

/**
 * A push or pull that would overwrite changes the person has not seen: the folder changed since the last sync (a
 * push), or this machine did (a pull), or both. Nothing was written; the differences say what the choice is about.
 * The person then chooses: keep mine ({@code sync push --force}) or take theirs ({@code sync pull --force}).
 */
public final class SyncConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SyncState state;
    private final transient List<Difference> differences;

    SyncConflict(SyncState state, String message, List<Difference> differences) {
        super(message, null, false, false);
        this.state = state;
        this.differences = List.copyOf(differences);
    }

    public SyncState state() {
        return state;
    }

    public List<Difference> differences() {
        return differences;
    }
}
