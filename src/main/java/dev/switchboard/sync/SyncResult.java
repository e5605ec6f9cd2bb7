package dev.switchboard.sync;

import dev.switchboard.store.ConfigImport;
import java.nio.file.Path;
import java.util.List;

/**
 * What a push or pull did.
 *
 * @param changes what a pull changed here (empty for a push)
 * @param backup  where a pull saved this machine's configuration first (null for a push, or when nothing changed)
 */
public record SyncResult(Outcome outcome, List<ConfigImport.Change> changes, Path backup) {
    public enum Outcome {
        /** The folder now holds this machine's configuration. */
        PUSHED,
        /** This machine now has the folder's configuration. */
        PULLED,
        /** Nothing to do: neither side changed since the last sync. */
        ALREADY_IN_SYNC
    }

    public SyncResult {
        changes = List.copyOf(changes);
    }
}
