package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard export} and {@code switchboard import} end to end. */
class ExportImportCommandTest {
    static final String KEY_1 = "sk-test-export-1";
    static final String KEY_2 = "sk-test-export-2";
    static final String HEADER_SECRET = "header-secret-export-1";
    static final String PROXY_PASSWORD = "proxy-pass-export-1";

    @TempDir
    Path dir;

    private void populate(Path data) {
        CliRun.run(data, "channels", "add", "--force", "relay", "--url", "https://relay.example.test/v1", "--key", KEY_1,
                "--key", KEY_2, "-H", "X-Custom: " + HEADER_SECRET, "--proxy",
                "socks5://me:" + PROXY_PASSWORD + "@proxy.example.test:1080", "--option", "note=primary").ok();
        CliRun.run(data, "channels", "add", "--force", "claude", "--type", "anthropic", "--url", "https://claude.example.test",
                "--key", "sk-test-export-3", "--disabled").ok();
        CliRun.run(data, "entries", "add", "relay", "gpt-4o", "--alias", "four").ok();
        CliRun.run(data, "entries", "add", "relay", "deepseek-ai/DeepSeek-V3.2").ok();
        CliRun.run(data, "entries", "add", "claude", "claude-sonnet-4").ok();
        CliRun.run(data, "entries", "disable", "relay/deepseek-ai/DeepSeek-V3.2").ok();
        CliRun.run(data, "groups", "create", "coding").ok();
        CliRun.run(data, "groups", "add", "coding", "claude/claude-sonnet-4").ok();
        CliRun.run(data, "groups", "add", "coding", "relay/gpt-4o").ok();
        CliRun.run(data, "groups", "move", "auto", "claude/claude-sonnet-4", "1").ok();
        CliRun.run(data, "settings", "set", "max-attempts", "3").ok();
    }

    @Test
    void exportWithKeysThenImportIntoAnEmptyFolderLosesNothing() throws Exception {
        var a = dir.resolve("a");
        var b = dir.resolve("b");
        populate(a);
        var file = dir.resolve("config.json");
        var export = CliRun.run(a, "export", file.toString(), "--include-keys").ok().hides(KEY_1);
        CliRun.says(export.err(), "warning", "keys");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        var text = Files.readString(file);
        assertTrue(text.contains(KEY_1) && text.contains(HEADER_SECRET) && text.contains(PROXY_PASSWORD));

        CliRun.run(b, "import", file.toString()).ok().prints("+ channel relay", "+ group coding", "Imported")
                .hides(KEY_1).hides(HEADER_SECRET).hides(PROXY_PASSWORD);
        assertEquals(CliRun.state(a), CliRun.state(b));
        // the export of the copy is the export of the original (the clock is fixed, so even exportedAt)
        assertEquals(CliRun.run(a, "export", "--include-keys").out(), CliRun.run(b, "export", "--include-keys").out());
    }

    @Test
    void exportWithoutKeysHoldsNoSecretAndSaysSo() {
        populate(dir);
        var r = CliRun.run(dir, "export").ok();
        for (var secret : new String[] {KEY_1, KEY_2, "sk-test-export-3", HEADER_SECRET, PROXY_PASSWORD}) {
            assertFalse(r.out().contains(secret), () -> secret + " leaked: " + r);
        }
        assertFalse(r.json().get("keysIncluded").asBoolean());
        assertEquals("switchboard-config", r.json().get("format").asText());
        assertEquals(1, r.json().get("version").asInt());
        assertEquals("", r.err(), "no warning without keys");
    }

    @Test
    void dryRunPrintsTheChangesAndWritesNothingThenImportApplies() throws Exception {
        var a = dir.resolve("a");
        var b = dir.resolve("b");
        populate(a);
        var file = dir.resolve("config.json");
        CliRun.run(a, "export", file.toString(), "--include-keys").ok();
        CliRun.run(b, "channels", "add", "--force", "old", "--url", "https://old.example.test/v1", "--key", "test-key-old-1").ok();
        var before = CliRun.state(b);
        CliRun.run(b, "import", file.toString(), "--replace", "--dry-run").ok()
                .prints("+ channel relay", "- channel old", "+ setting max-attempts (3)", "dry run");
        assertEquals(before, CliRun.state(b));
        CliRun.run(b, "import", file.toString(), "--replace").ok().prints("- channel old");
        assertEquals(CliRun.state(a), CliRun.state(b));
        CliRun.run(b, "import", file.toString()).ok().prints("Nothing to change");
    }

    @Test
    void malformedFilesGiveClearErrorsAndChangeNothing() throws Exception {
        populate(dir);
        var before = CliRun.state(dir);
        var bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"switchboard-config\", \"version\": 1, \"channels\": [");
        CliRun.run(dir, "import", bad.toString()).fails(Main.USAGE, "not valid JSON");
        Files.writeString(bad, "{\"format\": \"switchboard-config\", \"version\": 7}");
        CliRun.run(dir, "import", bad.toString()).fails(Main.USAGE, "version 7");
        Files.writeString(bad, "{\"format\":\"switchboard-config\",\"version\":1,\"keysIncluded\":true,\"channels\":"
                + "[{\"name\":\"relay\",\"type\":\"openai\",\"baseUrl\":\"https://\",\"keys\":[\"test-key-r-1\"]}]}");
        CliRun.run(dir, "import", bad.toString()).fails(Main.USAGE, "Channel 'relay'", "not a valid URL");
        Files.writeString(bad, "{\"format\":\"switchboard-config\",\"version\":1,\"groups\":"
                + "[{\"name\":\"coding\",\"members\":[\"relay/gpt-4o\",\"ghost/model-x\"]}]}");
        // replace: the file alone counts, so even the store's relay/gpt-4o is unknown to it
        CliRun.run(dir, "import", bad.toString(), "--replace").fails(Main.USAGE, "'relay/gpt-4o'", "in the file");
        CliRun.run(dir, "import", bad.toString()).fails(Main.USAGE, "'ghost/model-x'");
        CliRun.run(dir, "import", dir.resolve("missing.json").toString()).fails(Main.FAILURE, "no file");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesAFileOverSixteenMegabytesWithoutReadingItOrTouchingTheDatabase() throws Exception {
        populate(dir);
        var before = CliRun.state(dir);
        var huge = dir.resolve("huge.json");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(60L * 1024 * 1024); // sparse: only its size is ever looked at
        }

        var r = CliRun.run(dir, "import", huge.toString());

        r.fails(Main.USAGE, huge.toString(), "is 60 MB", "at most 16 MB", "right file");
        assertJacksonStaysInside(r);
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesStandardInputOverSixteenMegabytes() {
        populate(dir);
        var before = CliRun.state(dir);
        var text = "{\"format\":\"switchboard-config\",\"version\":1,\"x\":\"" + "a".repeat(16 * 1024 * 1024) + "\"}";

        var r = CliRun.runWithStdin(dir, text, "import", "-");

        r.fails(Main.USAGE, "Standard input is larger than 16 MB", "at most 16 MB");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesJsonNestedDeeperThanSixtyFourLevelsNamingTheLimitAndTheFile() throws Exception {
        populate(dir);
        var before = CliRun.state(dir);
        var deep = dir.resolve("deep.json");
        for (int depth : new int[] {65, 100_000}) {
            Files.writeString(deep, "{\"format\":\"switchboard-config\",\"version\":1,\"settings\":"
                    + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}");

            var r = CliRun.run(dir, "import", deep.toString());

            r.fails(Main.USAGE, deep.toString(), "more than 64 levels deep", "at most 64");
            assertJacksonStaysInside(r);
        }
        Files.writeString(deep, "{\"format\":\"switchboard-config\",\"version\":1,\"settings\":"
                + "[".repeat(63) + "]".repeat(63) + "}");
        CliRun.run(dir, "import", deep.toString(), "--dry-run")
                .fails(Main.USAGE, "\"settings\" must be a JSON object"); // 64 levels are read
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void malformedJsonIsToldByLineAndColumnInPlainWords() throws Exception {
        populate(dir);
        var before = CliRun.state(dir);
        var bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"switchboard-config\",\n \"version\": 1,\n \"channels\": [ }");

        var r = CliRun.run(dir, "import", bad.toString());

        r.fails(Main.USAGE, bad + " is not valid JSON", "expected ']'", "(line 3, column 16)");
        assertJacksonStaysInside(r);
        assertEquals(before, CliRun.state(dir));
    }

    /** No Jackson internals reach the person: no source dump, no constraint class, no stack. */
    private static void assertJacksonStaysInside(CliRun r) {
        for (var internal : new String[] {"StreamReadConstraints", "[Source:", "REDACTED", "jackson", "Exception"}) {
            assertFalse(r.err().contains(internal), () -> internal + " in " + r);
        }
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void ccSwitchImportAndANonCcSwitchDatabase() throws Exception {
        var db = dir.resolve("cc-switch.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("CREATE TABLE providers (id TEXT NOT NULL, app_type TEXT NOT NULL, name TEXT NOT NULL,"
                    + " settings_config TEXT NOT NULL, website_url TEXT, category TEXT, created_at INTEGER,"
                    + " sort_index INTEGER, notes TEXT, meta TEXT NOT NULL DEFAULT '{}',"
                    + " is_current BOOLEAN NOT NULL DEFAULT 0, PRIMARY KEY (id, app_type))");
            st.execute("INSERT INTO providers (id, app_type, name, settings_config) VALUES ('a', 'claude', 'Relay',"
                    + " '{\"env\":{\"ANTHROPIC_BASE_URL\":\"https://relay.example.test\","
                    + "\"ANTHROPIC_API_KEY\":\"sk-test-cc-cli-1\",\"ANTHROPIC_MODEL\":\"claude-opus-4\"}}')");
        }
        var data = dir.resolve("data");
        CliRun.run(data, "import", "--cc-switch", db.toString(), "--dry-run").ok().prints("+ channel Relay",
                "dry run").hides("sk-test-cc-cli-1");
        CliRun.run(data, "channels", "list").ok().prints("No channels");
        CliRun.run(data, "import", "--cc-switch", db.toString()).ok().prints("+ entry Relay/claude-opus-4");
        CliRun.run(data, "channels", "show", "Relay").ok().prints("anthropic", "https://relay.example.test");

        var other = dir.resolve("other.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + other); var st = c.createStatement()) {
            st.execute("CREATE TABLE t (x INTEGER)");
        }
        var before = CliRun.state(data);
        CliRun.run(data, "import", "--cc-switch", other.toString()).fails(Main.USAGE, "not a cc-switch database");
        CliRun.run(data, "import", "--cc-switch", dir.resolve("nope.db").toString())
                .fails(Main.FAILURE, "no cc-switch database");
        CliRun.run(data, "import", "--cc-switch", db.toString(), "--replace").fails(Main.USAGE, "always merges");
        assertEquals(before, CliRun.state(data));
    }
}
