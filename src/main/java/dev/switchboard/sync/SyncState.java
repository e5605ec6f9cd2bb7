package dev.switchboard.sync;

import java.util.Locale;

/**
 * Where this machine stands with the sync folder, from what was synced last: the folder file's ETag and the hash of
 * this machine's configuration, both kept right after each push or pull.
 */
public enum SyncState {
    /** No sync folder is set up. */
    NOT_SET_UP,
    /** Set up, but nothing was pushed or pulled with this folder yet. */
    NEVER_SYNCED,
    /** Neither side changed since the last sync. */
    IN_SYNC,
    /** This machine changed since the last sync; the folder did not: push. */
    LOCAL_CHANGED,
    /** The folder changed (another machine pushed, or the file is gone); this machine did not: pull. */
    REMOTE_CHANGED,
    /** Both changed since the last sync: the person chooses which to keep. */
    CONFLICT;

    /** {@code in-sync}, {@code local-changed}…: how the admin API and {@code sync status --json} say it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
