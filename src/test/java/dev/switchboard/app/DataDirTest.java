package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI keeps its database (DESIGN §7): --data-dir, then SWITCHBOARD_HOME, then the fallback. */
class DataDirTest {
    @TempDir
    Path tmp;

    private static final String[] ADD = {"channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1",
            "--key", "sk-relay-0000000001"};

    private static String[] with(String[] head, String... tail) {
        var out = new String[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static String dataFolderOf(CliRun status) {
        return status.out().lines().filter(l -> l.startsWith("data folder: ")).findFirst().orElseThrow()
                .substring("data folder: ".length());
    }

    @Test
    void switchboardHomeIsUsedWhenThereIsNoDataDirOption() {
        var home = tmp.resolve("home");
        var user = tmp.resolve("user");
        var vars = Map.of(DataFolder.ENV, home.toString());
        CliRun.runRaw(vars, user, "", ADD).ok();
        assertTrue(Files.isRegularFile(home.resolve("switchboard.db")), "created where SWITCHBOARD_HOME points");
        assertFalse(Files.exists(user), "the fallback is not touched");
        var status = CliRun.runRaw(vars, user, "", "status").ok();
        assertEquals(home.toString(), dataFolderOf(status));
        assertEquals("", status.err());
        CliRun.says(status.out(), "channels:    1 (1 enabled)");
    }

    @Test
    void dataDirOptionWinsOverSwitchboardHome() {
        var home = tmp.resolve("home");
        var chosen = tmp.resolve("chosen");
        var user = tmp.resolve("user");
        CliRun.runRaw(Map.of(DataFolder.ENV, home.toString()), user, "",
                with(new String[] {"--data-dir", chosen.toString()}, ADD)).ok();
        assertTrue(Files.isRegularFile(chosen.resolve("switchboard.db")));
        assertFalse(Files.exists(home.resolve("switchboard.db")));
    }

    @Test
    void withNeitherTheUserDataDirectoryIsUsedWithoutANote() {
        var user = tmp.resolve("user");
        var r = CliRun.runRaw(Map.of(), user, "", "status").ok();
        assertEquals(user.toString(), dataFolderOf(r));
        assertEquals("", r.err());
        assertTrue(Files.isRegularFile(user.resolve("switchboard.db")));
    }

    /** What is in {@code folder}, recursively, as relative paths: nothing may be written on a refusal. */
    private static java.util.List<String> contents(Path folder) throws IOException {
        try (var all = Files.walk(folder)) {
            return all.map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void refusesADataDirBelowAFileWithoutWritingAnywhere() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        var user = tmp.resolve("user");
        var before = contents(tmp);
        for (var wanted : java.util.List.of(file.resolve("data"), file.resolve("deeper").resolve("data"))) {
            var r = CliRun.runRaw(Map.of(), user, "", with(new String[] {"--data-dir", wanted.toString()}, ADD));

            r.fails(Main.FAILURE, "Cannot use the data folder " + wanted + " given with --data-dir",
                    file + " is a file, not a folder", "Nothing was written",
                    "Give --data-dir a folder you can write, or leave it out");
            assertEquals("", r.out());
            assertEquals(before, contents(tmp), "nothing written, not even in the user data folder");
        }
        assertEquals("not a folder", Files.readString(file), "the file in the way is left alone");
    }

    @Test
    void refusesADataDirThatIsAFile() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        var user = tmp.resolve("user");
        var before = contents(tmp);

        CliRun.runRaw(Map.of(), user, "", "--data-dir", file.toString(), "status")
                .fails(Main.FAILURE, "Cannot use the data folder " + file, "it is a file, not a folder");
        CliRun.runRaw(Map.of(), user, "", "--data-dir", file.toString(), "serve", "--headless", "--port", "0")
                .fails(Main.FAILURE, "Cannot use the data folder " + file, "it is a file, not a folder");

        assertEquals(before, contents(tmp), "no database, no log, no fallback folder");
    }

    @Test
    void refusesASwitchboardHomeBelowAFileWithoutWritingAnywhere() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "x");
        var user = tmp.resolve("user");
        var before = contents(tmp);

        var r = CliRun.runRaw(Map.of(DataFolder.ENV, file.resolve("home").toString()), user, "", "status");

        r.fails(Main.FAILURE, file.resolve("home") + " given with " + DataFolder.ENV,
                "Set " + DataFolder.ENV + " to a folder you can write, or unset it");
        assertEquals(before, contents(tmp));
    }

    @Test
    void anUnwritableJarFolderStillFallsBackToTheUserDataDirectoryAndSaysSo() throws IOException {
        // DESIGN §7's fallback is for the default folder: an installation the person cannot write (/opt).
        var file = Files.writeString(tmp.resolve("jar-folder"), "a file stands in for /opt/switchboard");
        var user = tmp.resolve("user");

        var r = fromJarFolder(file, user, ADD).ok();

        assertTrue(r.err().startsWith("note: "), r::toString);
        CliRun.says(r.err(), file.toString(), "the folder Switchboard runs from", "not writable", user.toString(),
                "instead");
        assertTrue(Files.isRegularFile(user.resolve("switchboard.db")), "the data went to the fallback");
        assertEquals(user.toString(), dataFolderOf(fromJarFolder(file, user, "status").ok()));
    }

    @Test
    void whenTheFallbackIsUnusableTooItFailsSayingWhatToDo() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "x");
        var r = fromJarFolder(file.resolve("jar"), file.resolve("user"), "status");
        r.fails(Main.FAILURE, "Cannot use the data folder", file.resolve("jar").toString(),
                file.resolve("user").toString(), "--data-dir pointing at a writable folder");
        assertEquals("", r.out());
    }

    /** A run of a jar in {@code jarFolder} (its default data folder), without --data-dir or SWITCHBOARD_HOME. */
    private static CliRun fromJarFolder(Path jarFolder, Path userDataDir, String... args) {
        return CliRun.runFrom(jarFolder, Map.of(), userDataDir, "", args);
    }
}
