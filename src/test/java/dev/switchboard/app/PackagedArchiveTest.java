package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flags file's life in a packaged app's folder, with a fake dump (a real one needs a JVM started recording:
 * PackagedAppImageIT runs that on the built app-image).
 */
class PackagedArchiveTest {
    @TempDir
    Path app;
    Path jar;
    final List<Path> dumped = new ArrayList<>();

    @BeforeEach
    void shippedFolder() throws IOException {
        jar = Files.writeString(app.resolve("switchboard.jar"), "jar bytes");
        Files.copy(Path.of("installer", PackagedArchive.FLAGS), app.resolve(PackagedArchive.FLAGS));
    }

    private PackagedArchive archive() throws IOException {
        return new PackagedArchive(app, jar, file -> {
            dumped.add(file);
            Files.writeString(file, "archive bytes");
            file.toFile().setReadOnly(); // as the JVM writes it
        });
    }

    private String flags() throws IOException {
        return Files.readString(app.resolve(PackagedArchive.FLAGS), StandardCharsets.UTF_8);
    }

    /** What the JVM would read from the flags file: its lines that are not comments. */
    private List<String> options() throws IOException {
        return flags().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void shipsWithNoOptionSoThatAnyJavaStarts() throws IOException {
        assertEquals(List.of(), options());
    }

    @Test
    void theFirstStartAsksTheNextToRecordAndItsQuitWritesNothing() throws IOException {
        var first = archive();
        first.checkAtStart(true);
        assertEquals(List.of(PackagedArchive.RECORD), options());

        first.writeAtQuit(false); // this JVM started without recording
        assertEquals(List.of(), dumped);
        assertEquals(List.of(PackagedArchive.RECORD), options());
    }

    @Test
    void neverAsksToRecordWhenThisJavaMapsNoArchive() throws IOException {
        archive().checkAtStart(false);

        assertEquals(List.of(), options(), "Java 17 would refuse to start: recording needs the runtime's archive");
    }

    @Test
    void aRecordingStartWritesTheArchiveAtQuitAndPointsTheFlagsAtIt() throws IOException {
        archive().checkAtStart(true);
        var recording = archive();
        recording.checkAtStart(true);
        recording.writeAtQuit(true);

        var written = app.resolve(PackagedArchive.ARCHIVE);
        assertEquals(List.of(app.resolve(PackagedArchive.ARCHIVE + ".partial")), dumped, "dumped under a temporary name");
        assertTrue(Files.isRegularFile(written));
        assertFalse(Files.exists(app.resolve(PackagedArchive.ARCHIVE + ".partial")));
        assertEquals(List.of("SharedArchiveFile=\"" + written.toAbsolutePath().toString().replace('\\', '/') + "\""),
                options(), "never recording and an archive at once: Java 17 refuses that");

        archive().checkAtStart(true);
        assertTrue(options().get(0).startsWith("SharedArchiveFile="), "the same jar keeps its archive");
    }

    @Test
    void anUpdatedJarGoesBackToRecordingAndDropsTheOldArchive() throws IOException {
        var recording = archive();
        recording.writeAtQuit(true);
        Files.writeString(jar, "a newer jar, longer than the first");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        archive().checkAtStart(true);

        assertEquals(List.of(PackagedArchive.RECORD), options());
        assertFalse(Files.exists(app.resolve(PackagedArchive.ARCHIVE)));
        assertFalse(Files.exists(app.resolve(PackagedArchive.KEY)));
    }

    @Test
    void aSecondRecordingReplacesTheReadOnlyArchiveOfTheFirst() throws IOException {
        archive().writeAtQuit(true);
        archive().writeAtQuit(true);

        assertEquals(2, dumped.size());
        assertTrue(options().get(0).startsWith("SharedArchiveFile="), options().toString());
        assertFalse(Files.exists(app.resolve(PackagedArchive.ARCHIVE + ".partial")));
    }

    @Test
    void aJarReplacedWhileRunningIsNotTakenForTheOneArchived() throws IOException {
        var recording = archive(); // the identity of the jar this JVM loaded is taken now
        Files.writeString(jar, "the update, installed before the quit");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        recording.writeAtQuit(true);

        archive().checkAtStart(true);

        assertEquals(List.of(PackagedArchive.RECORD), options(), "the archive holds the old jar's classes");
    }

    @Test
    void aFailedDumpKeepsRecordingAndLeavesNoPartialFile() throws IOException {
        archive().checkAtStart(true);
        var failing = new PackagedArchive(app, jar, file -> {
            Files.writeString(file, "half an arch");
            throw new IllegalStateException("Dynamic dump failed");
        });

        failing.writeAtQuit(true);

        assertEquals(List.of(PackagedArchive.RECORD), options());
        assertFalse(Files.exists(app.resolve(PackagedArchive.ARCHIVE)));
        assertFalse(Files.exists(app.resolve(PackagedArchive.ARCHIVE + ".partial")));
    }
}
