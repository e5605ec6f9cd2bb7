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

    private static final String[] ADD = {"channels", "add", "relay", "--url", "https://relay.example.com/v1",
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

    @Test
    void dataDirUnderARegularFileFallsBackToTheUserDataDirectoryAndSaysSo() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        var wanted = file.resolve("data");
        var user = tmp.resolve("user");
        var r = CliRun.runRaw(Map.of(), user, "", with(new String[] {"--data-dir", wanted.toString()}, ADD)).ok();
        assertTrue(r.err().startsWith("note: "), r::toString);
        CliRun.says(r.err(), wanted.toString(), "--data-dir", "not writable", user.toString(), "instead",
                "make that folder writable");
        assertFalse(r.err().contains("beside the jar"), "the data folder came from --data-dir, not the jar: " + r);
        assertTrue(Files.isRegularFile(user.resolve("switchboard.db")), "the data went to the fallback");
        assertEquals("not a folder", Files.readString(file), "the file in the way is left alone");

        var status = CliRun.runRaw(Map.of(), user, "", "--data-dir", wanted.toString(), "status").ok();
        assertEquals(user.toString(), dataFolderOf(status));
        CliRun.says(status.out(), "channels:    1 (1 enabled)");
    }

    @Test
    void switchboardHomeUnderARegularFileFallsBackToo() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "x");
        var user = tmp.resolve("user");
        var r = CliRun.runRaw(Map.of(DataFolder.ENV, file.resolve("home").toString()), user, "", "status").ok();
        CliRun.says(r.err(), "note: ", file.resolve("home").toString(), DataFolder.ENV, user.toString());
        assertEquals(user.toString(), dataFolderOf(r));
    }

    @Test
    void whenTheFallbackIsUnusableTooItFailsSayingWhatToDo() throws IOException {
        var file = Files.writeString(tmp.resolve("a-file"), "x");
        var r = CliRun.runRaw(Map.of(), file.resolve("user"), "", "--data-dir", file.resolve("data").toString(),
                "status");
        r.fails(Main.FAILURE, "Cannot use the data folder", file.resolve("data").toString(),
                file.resolve("user").toString(), "--data-dir pointing at a writable folder");
        assertEquals("", r.out());
    }
}
