package dev.switchboard.update;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A verified update whose new files wait beside the ones they replace ({@link Updater#stagePending()}), the database
 * already backed up. {@link #finish()} puts them in place and consumes the archive; until then the installed version
 * is whole, and a start that finds the archive again stages it again.
 *
 * @param moves       each staged file or folder and what it replaces: the jar; or, for a whole-image update, each
 *                    top-level entry of the new app-image ({@code bin}, {@code lib}; {@code Switchboard.exe},
 *                    {@code app}, {@code runtime}; {@code Switchboard.app})
 * @param runtimeHome for a whole-image update, the new image's runtime as staged (the helper that finishes the
 *                    update on Windows runs from it, since the old one is being replaced); null for the jar alone
 */
public record StagedUpdate(String version, Path archive, List<Move> moves, Path runtimeHome) {
    /** The suffix of a replaced folder kept aside until the next start (a running program may still use it). */
    static final String ASIDE = ".old";

    public StagedUpdate {
        moves = List.copyOf(moves);
    }

    /** A staged file or folder and its target. */
    public record Move(Path staged, Path target) {
    }

    /**
     * Puts every staged file or folder in place (each an atomic rename where the OS allows, never a write into an
     * old file: a Switchboard still running from it keeps its copy), then deletes the archive. A folder replaced is
     * first renamed aside ({@code .NAME.old}, removed by the next update's staging); when its replacement cannot be
     * moved in, it is put back, so the image stays whole.
     */
    public void finish() throws IOException {
        for (var move : moves) {
            if (!Files.exists(move.staged(), LinkOption.NOFOLLOW_LINKS)) {
                continue; // put in place by an earlier try
            }
            if (Files.isDirectory(move.target(), LinkOption.NOFOLLOW_LINKS)) {
                var aside = move.target().resolveSibling("." + move.target().getFileName() + ASIDE);
                deleteTree(aside);
                Files.move(move.target(), aside);
                try {
                    moveOrCopy(move.staged(), move.target());
                } catch (IOException e) {
                    deleteTree(move.target());
                    Files.move(aside, move.target());
                    throw e;
                }
            } else {
                Update4jUpdater.move(move.staged(), move.target());
            }
        }
        Files.deleteIfExists(archive);
    }

    /**
     * A rename; a copy when the rename is refused (on Windows, a folder whose programs run: the helper runs from the
     * staged runtime it puts in place).
     */
    private static void moveOrCopy(Path from, Path to) throws IOException {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            copyTree(from, to);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a file or a folder with all it holds (links, not what they point at); nothing when absent. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            var children = new ArrayList<Path>();
            try (Stream<Path> list = Files.list(path)) {
                list.forEach(children::add);
            }
            for (var child : children) {
                deleteTree(child);
            }
        }
        Files.delete(path);
    }
}
