package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcSwitchImportTest {
    @TempDir
    Path dir;

    /**
     * A cc-switch database with its real table shape (cc-switch 3.x: one row per provider and app, the app's
     * settings as JSON text), holding one provider of each app, one without a key, and one name clash.
     */
    static Path fixture(Path folder) throws SQLException {
        var file = folder.resolve("cc-switch.db");
        try (var c = TestStores.connect(file); var st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE providers (
                        id TEXT NOT NULL,
                        app_type TEXT NOT NULL,
                        name TEXT NOT NULL,
                        settings_config TEXT NOT NULL,
                        website_url TEXT,
                        category TEXT,
                        created_at INTEGER,
                        sort_index INTEGER,
                        notes TEXT,
                        icon TEXT,
                        icon_color TEXT,
                        meta TEXT NOT NULL DEFAULT '{}',
                        is_current BOOLEAN NOT NULL DEFAULT 0,
                        PRIMARY KEY (id, app_type))""");
            var ins = c.prepareStatement("INSERT INTO providers (id, app_type, name, settings_config, category,"
                    + " created_at, sort_index, is_current) VALUES (?, ?, ?, ?, 'custom', 1700000000000, ?, ?)");
            insert(ins, "p1", "claude", "Packy Relay", """
                    {"env":{"ANTHROPIC_BASE_URL":"https://packy.example.test","ANTHROPIC_AUTH_TOKEN":"sk-test-cc-claude-1",
                    "ANTHROPIC_MODEL":"claude-sonnet-4-5"}}""", 0, 1);
            insert(ins, "p2", "codex", "Packy Relay", """
                    {"auth":{"OPENAI_API_KEY":"sk-test-cc-codex-1"},
                     "config":"model_provider = \\"packy\\"\\nmodel = \\"gpt-5-codex\\"\\n\\n[model_providers.packy]\\nname = \\"packy\\"\\nbase_url = \\"https://codex.example.test/v1\\"\\nwire_api = \\"responses\\"\\n"}""",
                    0, 1);
            insert(ins, "p3", "gemini", "Gemini/Custom", """
                    {"env":{"GOOGLE_GEMINI_BASE_URL":"https://gemini.example.test","GEMINI_API_KEY":"test-gemini-key-1",
                    "GEMINI_MODEL":"gemini-2.5-pro"},"config":{}}""", 0, 1);
            insert(ins, "p4", "claude", "Claude Official", "{\"env\":{}}", 1, 0);
        }
        return file;
    }

    private static void insert(java.sql.PreparedStatement ps, String id, String app, String name, String settings,
                               int sort, int current) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, app);
        ps.setString(3, name);
        ps.setString(4, settings);
        ps.setInt(5, sort);
        ps.setInt(6, current);
        ps.executeUpdate();
    }

    @Test
    void importsOneChannelPerProviderWithTypeBaseKeyAndModel() throws Exception {
        var db = fixture(dir);
        try (var s = TestStores.open(dir.resolve("data"))) {
            var preview = CcSwitchImport.preview(s, db);
            assertEquals(List.of(), s.channels().list(), "a preview writes nothing");
            assertTrue(preview.skipped().stream().anyMatch(m -> m.contains("Claude Official")
                    && m.contains("no API key")), preview.skipped().toString());

            var outcome = CcSwitchImport.apply(s, db);
            assertEquals(preview.changes(), outcome.changes());
            var claude = s.channels().get("Packy Relay-claude");
            assertEquals(ApiType.ANTHROPIC, claude.type());
            assertEquals("https://packy.example.test", claude.baseUrl());
            assertEquals("sk-test-cc-claude-1", claude.keys().get(0).reveal());
            var codex = s.channels().get("Packy Relay-codex");
            assertEquals(ApiType.RESPONSES, codex.type());
            assertEquals("https://codex.example.test/v1", codex.baseUrl());
            assertEquals("sk-test-cc-codex-1", codex.keys().get(0).reveal());
            var gemini = s.channels().get("Gemini-Custom");
            assertEquals(ApiType.GEMINI, gemini.type());
            assertEquals("https://gemini.example.test", gemini.baseUrl());
            assertEquals("test-gemini-key-1", gemini.keys().get(0).reveal());
            assertEquals(3, s.channels().list().size());
            s.entries().get("Packy Relay-claude/claude-sonnet-4-5");
            s.entries().get("Packy Relay-codex/gpt-5-codex");
            s.entries().get("Gemini-Custom/gemini-2.5-pro");
            assertEquals(3, s.entries().group("auto").memberIds().size(), "imported models join auto");

            // a second import refreshes the same channels instead of adding copies
            assertEquals(List.of(), CcSwitchImport.apply(s, db).changes());
            assertEquals(3, s.channels().list().size());
        }
    }

    @Test
    void anUnrelatedChannelWithTheSameNameIsLeftAlone() throws Exception {
        var db = fixture(dir);
        try (var s = TestStores.open(dir.resolve("data"))) {
            s.channels().create(TestStores.draft("Gemini-Custom"));
            CcSwitchImport.apply(s, db);
            assertEquals(ApiType.OPENAI, s.channels().get("Gemini-Custom").type());
            assertEquals(ApiType.GEMINI, s.channels().get("Gemini-Custom-2").type());
        }
    }

    @Test
    void aProviderWhoseSettingsNestTooDeepIsSkippedSayingWhyAndTheOthersAreImported() throws Exception {
        var db = fixture(dir);
        try (var c = TestStores.connect(db); var ps = c.prepareStatement("INSERT INTO providers (id, app_type, name,"
                + " settings_config) VALUES ('p5', 'claude', 'Deep', ?)")) {
            ps.setString(1, "{\"env\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
            ps.executeUpdate();
        }
        try (var s = TestStores.open(dir.resolve("data"))) {
            var outcome = CcSwitchImport.apply(s, db);

            assertTrue(outcome.skipped().stream().anyMatch(m -> m.contains("'Deep'")
                    && m.contains("its settings nests objects and arrays more than 64 levels deep")),
                    outcome.skipped().toString());
            assertEquals(3, s.channels().list().size());
        }
    }

    @Test
    void aMissingFileOrAnotherDatabaseIsAClearErrorAndChangesNothing() throws Exception {
        var other = dir.resolve("other.db");
        try (var c = TestStores.connect(other); var st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }
        var text = dir.resolve("text.db");
        Files.writeString(text, "this is not a database at all, just some text long enough to matter".repeat(20));
        try (var s = TestStores.open(dir.resolve("data"))) {
            s.channels().create(TestStores.draft("keep"));
            var before = ConfigTransferTest.state(s);
            var e = TestStores.assertFails(StoreException.Kind.NOT_FOUND,
                    () -> CcSwitchImport.apply(s, dir.resolve("missing.db")));
            assertTrue(e.getMessage().contains("no cc-switch database"), e.getMessage());
            e = TestStores.assertFails(StoreException.Kind.INVALID, () -> CcSwitchImport.apply(s, other));
            assertTrue(e.getMessage().contains("not a cc-switch database"), e.getMessage());
            e = TestStores.assertFails(StoreException.Kind.INVALID, () -> CcSwitchImport.apply(s, text));
            assertTrue(e.getMessage().contains("not a cc-switch database"), e.getMessage());
            assertEquals(before, ConfigTransferTest.state(s));
            assertTrue(Files.notExists(dir.resolve("missing.db")), "a missing file is not created");
        }
    }
}
