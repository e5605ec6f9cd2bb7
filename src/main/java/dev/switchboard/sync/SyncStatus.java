package dev.switchboard.sync;

import java.util.List;

/**
 * Where this machine stands with its sync folder.
 *
 * @param target       the folder (null when {@link SyncState#NOT_SET_UP})
 * @param state        in sync, local changed, remote changed, conflict, never synced
 * @param remoteExists whether the folder holds a sync file at all
 * @param differences  when the folder changed: how it differs from this machine (keys not compared: that needs the
 *                     passphrase)
 */
public record SyncStatus(SyncTarget target, SyncState state, boolean remoteExists, List<Difference> differences) {
    public SyncStatus {
        differences = List.copyOf(differences);
    }
}
