package dev.switchboard.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A verified update whose new files wait beside the ones they replace ({@link Updater#stagePending()}), the database
 * already backed up. {@link #finish()} puts them in place and consumes the archive; until then the installed version
 * is whole, and a start that finds the archive again stages it again.
 *
 * @param moves each staged file and the file it replaces
 */
public record StagedUpdate(String version, Path archive, List<Move> moves) {
    public StagedUpdate {
        moves = List.copyOf(moves);
    }

    /** A staged file and its target. */
    public record Move(Path staged, Path target) {
    }

    /**
     * Renames every staged file over its target (a rename, never a write into the old file: a Switchboard still
     * running from it keeps its copy, where the OS allows that), then deletes the archive.
     */
    public void finish() throws IOException {
        for (var move : moves) {
            if (Files.exists(move.staged())) { // else put in place by an earlier try
                Update4jUpdater.move(move.staged(), move.target());
            }
        }
        Files.deleteIfExists(archive);
    }
}
