package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTransferTest {
    static final String KEY_1 = "sk-test-export-1";
    static final String KEY_2 = "sk-test-export-2";
    static final String KEY_3 = "sk-test-export-3";
    static final String HEADER_SECRET = "header-secret-value-1";
    static final String PROXY_PASSWORD = "proxy-pass-export-1";

    @TempDir
    Path dir;

    /** Two channels with every field set, entries with aliases and flags, a group in a chosen order, settings. */
    static void populate(Store s) {
        s.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of(KEY_1, KEY_2), Map.of("X-Custom", HEADER_SECRET), "socks5://me:" + PROXY_PASSWORD
                + "@proxy.example.test:1080", Map.of("note", "primary"), true));
        s.channels().create(new ChannelDraft("claude", ApiType.ANTHROPIC, "https://claude.example.test",
                List.of(KEY_3), Map.of(), null, Map.of(), false));
        s.entries().add("relay", "gpt-4o", "four", true);
        s.entries().add("relay", "deepseek-ai/DeepSeek-V3.2", null, true);
        s.entries().add("claude", "claude-sonnet-4", null, true);
        s.entries().setEnabled("relay/deepseek-ai/DeepSeek-V3.2", false);
        s.entries().createGroup("coding");
        s.entries().addMember("coding", "claude/claude-sonnet-4", null);
        s.entries().addMember("coding", "relay/gpt-4o", null);
        s.entries().moveMember("auto", "claude/claude-sonnet-4", 1);
        s.settings().set(Setting.MAX_ATTEMPTS, "3");
        s.settings().set(Setting.FALLBACK_TO_AUTO, "false");
    }

    /** Everything the configuration holds, ids replaced by references, so two stores can be compared. */
    static String state(Store s) {
        var snap = s.snapshot();
        var sb = new StringBuilder();
        for (var c : snap.channels()) {
            sb.append(c.name()).append('|').append(c.type()).append('|').append(c.baseUrl()).append('|')
                    .append(c.keys().stream().map(ApiKey::reveal).toList()).append('|').append(c.headers())
                    .append('|').append(c.proxy()).append('|').append(c.options()).append('|').append(c.enabled())
                    .append('\n');
        }
        var refs = new java.util.HashMap<Long, String>();
        for (var e : snap.entries()) {
            refs.put(e.id(), e.ref());
            sb.append(e.ref()).append('|').append(e.alias()).append('|').append(e.enabled()).append('\n');
        }
        for (var g : snap.groups()) {
            sb.append(g.name()).append(g.builtin() ? "*" : "").append(g.memberIds().stream().map(refs::get).toList())
                    .append('\n');
        }
        for (var st : Setting.values()) {
            sb.append(st.key()).append('=').append(snap.settings().raw(st)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void exportWithKeysImportsIntoAnEmptyStoreLosingNothing() {
        String json;
        String before;
        try (var s = TestStores.open(dir.resolve("a"))) {
            populate(s);
            before = state(s);
            json = ConfigExport.toJson(s, true);
        }
        assertTrue(json.contains("\"keysIncluded\" : true"), json);
        try (var s = TestStores.open(dir.resolve("b"))) {
            var changes = ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            assertFalse(changes.isEmpty());
            assertEquals(before, state(s));
            // importing the same file again changes nothing
            assertEquals(List.of(), ConfigImport.preview(s, ConfigDocument.parse(json), ConfigImport.Mode.REPLACE));
        }
        try (var s = TestStores.open(dir.resolve("c"))) {
            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.REPLACE);
            assertEquals(before, state(s));
        }
    }

    @Test
    void exportWithoutKeysHoldsNoSecretAndSaysSo() {
        try (var s = TestStores.open(dir)) {
            populate(s);
            s.settings().set(Setting.OUTBOUND_PROXY, "http://user:" + PROXY_PASSWORD + "@corp.example.test:3128");
            var json = ConfigExport.toJson(s, false);
            for (var secret : List.of(KEY_1, KEY_2, KEY_3, HEADER_SECRET, PROXY_PASSWORD)) {
                assertFalse(json.contains(secret), () -> secret + " leaked:\n" + json);
            }
            assertTrue(json.contains("\"keysIncluded\" : false"), json);
            assertTrue(json.contains("X-Custom"), "header names are kept");
            // re-importing it over the same store keeps every secret and changes nothing
            var before = state(s);
            assertEquals(List.of(), ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.REPLACE));
            assertEquals(before, state(s));
        }
    }

    /** {@link #populate} without the header and proxy, whose withheld values a new channel cannot do without. */
    static void populateKeysOnly(Store s) {
        s.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of(KEY_1, KEY_2), Map.of(), null, Map.of("note", "primary"), true));
        s.channels().create(new ChannelDraft("claude", ApiType.ANTHROPIC, "https://claude.example.test",
                List.of(KEY_3), Map.of(), null, Map.of(), false));
        s.entries().add("relay", "gpt-4o", "four", true);
        s.entries().add("relay", "deepseek-ai/DeepSeek-V3.2", null, true);
        s.entries().add("claude", "claude-sonnet-4", null, true);
        s.entries().setEnabled("relay/deepseek-ai/DeepSeek-V3.2", false);
        s.entries().createGroup("coding");
        s.entries().addMember("coding", "claude/claude-sonnet-4", null);
        s.entries().addMember("coding", "relay/gpt-4o", null);
        s.entries().moveMember("auto", "claude/claude-sonnet-4", 1);
        s.settings().set(Setting.MAX_ATTEMPTS, "3");
        s.settings().set(Setting.FALLBACK_TO_AUTO, "false");
    }

    /**
     * A file exported without keys moves to a new machine: its channels come in disabled and needing a key, and
     * nothing else is lost: the new store exports exactly the file it was given.
     */
    @Test
    void aNewChannelWithoutKeysComesInDisabledNeedingAKeyAndNothingElseIsLost() {
        String json;
        try (var s = TestStores.open(dir.resolve("a"))) {
            populateKeysOnly(s);
            json = ConfigExport.toJson(s, false);
        }
        try (var s = TestStores.open(dir.resolve("b"))) {
            var preview = ConfigImport.preview(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            assertEquals(List.of("claude", "relay"), preview.stream().filter(ConfigImport.Change::needsKey)
                    .map(ConfigImport.Change::name).sorted().toList(), preview.toString());
            assertEquals("", state(s).lines().filter(l -> l.startsWith("relay|")).findFirst().orElse(""),
                    "a preview writes nothing");

            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);

            for (var c : s.channels().list()) {
                assertTrue(c.needsKey(), c.toString());
                assertFalse(c.enabled(), c.toString());
            }
            var relay = s.channels().get("relay");
            assertEquals(java.util.Set.of(relay.id()), s.channels().enabledOnKey(),
                    "only the channel the file had enabled switches on with its first key");
            assertEquals(json, ConfigExport.toJson(s, false), "entries, aliases, groups, settings, options survive");
            assertEquals(List.of(), ConfigImport.preview(s, ConfigDocument.parse(json), ConfigImport.Mode.REPLACE),
                    "importing it again changes nothing");
            assertTrue(s.snapshot().routableEntries().isEmpty(), "nothing routes to a channel without a key");
        }
    }

    @Test
    void aKeyEnablesAChannelDisabledOnlyForLackingOneAndNoOther() {
        String json;
        try (var s = TestStores.open(dir.resolve("a"))) {
            populateKeysOnly(s);
            json = ConfigExport.toJson(s, false);
        }
        try (var s = TestStores.open(dir.resolve("b"))) {
            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            var refused = TestStores.assertFails(StoreException.Kind.INVALID,
                    () -> s.channels().setEnabled("relay", true));
            assertTrue(refused.getMessage().contains("--key"), refused.getMessage());
            // an edit that gives no key leaves it waiting
            s.channels().update("relay", ChannelPatch.builder().option("note", "moved").build());
            assertTrue(s.channels().enabledOnKey().contains(s.channels().get("relay").id()));

            var relay = s.channels().update("relay", ChannelPatch.builder().keys(List.of(KEY_1)).build());
            var claude = s.channels().update("claude", ChannelPatch.builder().keys(List.of(KEY_3)).build());

            assertTrue(relay.enabled() && !relay.needsKey(), relay.toString());
            assertFalse(claude.enabled(), "the file had it disabled: a key does not switch it on");
            assertEquals(java.util.Set.of(), s.channels().enabledOnKey());
            assertEquals(List.of("relay/gpt-4o"), s.snapshot().routableEntries().stream().map(Entry::ref).toList());
        }
    }

    @Test
    void thePersonsOwnSwitchWinsOverTheWaitForAKey() {
        String json;
        try (var s = TestStores.open(dir.resolve("a"))) {
            populateKeysOnly(s);
            json = ConfigExport.toJson(s, false);
        }
        try (var s = TestStores.open(dir.resolve("b"))) {
            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            s.channels().setEnabled("relay", false); // "keep it off", said while it waits
            var relay = s.channels().update("relay", ChannelPatch.builder().keys(List.of(KEY_1)).build());
            assertFalse(relay.enabled());
            var explicit = s.channels().update("claude", ChannelPatch.builder().keys(List.of(KEY_3))
                    .enabled(true).build());
            assertTrue(explicit.enabled(), "a key given with enabled at once");
        }
    }

    /**
     * A keyless export also withholds header values and masks the proxy password. A new machine has none of them:
     * the channel waits for all three, disabled, says what it lacks, and switches on only when nothing is missing,
     * so it never routes with a header or a proxy password short.
     */
    @Test
    void aNewChannelWhoseHeaderValueAndProxyPasswordAreWithheldWaitsForThemAndLosesNothing() {
        String json;
        String full;
        try (var s = TestStores.open(dir.resolve("a"))) {
            populate(s);
            json = ConfigExport.toJson(s, false);
            full = state(s);
        }
        try (var s = TestStores.open(dir.resolve("b"))) {
            var preview = ConfigImport.preview(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            var line = preview.stream().filter(c -> c.name().equals("relay")).findFirst().orElseThrow().line();
            assertTrue(line.contains("needs a key, the value of header X-Custom and the proxy password"), line);
            assertTrue(preview.stream().filter(c -> c.name().equals("relay")).allMatch(
                    ConfigImport.Change::needsMoreThanKey), preview.toString());

            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);

            var relay = s.channels().get("relay");
            assertFalse(relay.enabled());
            assertEquals(List.of("X-Custom"), relay.withheldHeaders());
            assertEquals(Map.of(), relay.headers(), "no made-up value for a withheld header");
            assertEquals("socks5://me:****@proxy.example.test:1080", relay.proxy(), "host and user are kept");
            assertEquals(List.of("a key", "the value of header X-Custom", "the proxy password"),
                    relay.missingSecrets());
            assertEquals(" --key - --header 'X-Custom: <value>' --proxy <proxy-URL-with-password>",
                    relay.completeOptions());
            assertEquals(json, ConfigExport.toJson(s, false), "the copy exports the very file it was given");
            assertTrue(ConfigExport.toJson(s, true).contains("\"X-Custom\" : null"),
                    "a value this store never had is withheld even from an export with keys");

            var refused = TestStores.assertFails(StoreException.Kind.INVALID,
                    () -> s.channels().setEnabled("relay", true));
            assertTrue(refused.getMessage().contains("X-Custom") && refused.getMessage().contains("proxy password")
                    && refused.getMessage().contains("--header 'X-Custom: <value>'"), refused.getMessage());

            // each secret given in turn: the channel stays off until the last one
            relay = s.channels().update("relay", ChannelPatch.builder().keys(List.of(KEY_1, KEY_2)).build());
            assertFalse(relay.enabled(), "a key alone does not enable a channel still short of a header");
            relay = s.channels().update("relay", ChannelPatch.builder().header("x-custom", HEADER_SECRET).build());
            assertEquals(List.of(), relay.withheldHeaders(), "a header set in any letter case fills the withheld one");
            assertFalse(relay.enabled(), "still short of the proxy password");
            assertTrue(s.snapshot().routableEntries().isEmpty(), "nothing routes while a secret is missing");
            TestStores.assertFails(StoreException.Kind.INVALID, () -> s.channels().update("relay",
                    ChannelPatch.builder().proxy("socks5://me:****@proxy.example.test:1080").enabled(true).build()));
            relay = s.channels().update("relay", ChannelPatch.builder()
                    .proxy("socks5://me:" + PROXY_PASSWORD + "@proxy.example.test:1080").build());
            assertTrue(relay.enabled() && !relay.needsSecrets(), relay.toString());
            assertEquals(Map.of("x-custom", HEADER_SECRET), relay.headers());
            assertEquals(relayLine(full).replace("X-Custom", "x-custom"), relayLine(state(s)),
                    "the channel as it was on the first machine");
        }
    }

    private static String relayLine(String state) {
        return state.lines().filter(l -> l.startsWith("relay|")).findFirst().orElseThrow();
    }

    @Test
    void removingAWithheldHeaderCountsAsGivingIt() {
        String json;
        try (var s = TestStores.open(dir.resolve("a"))) {
            s.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                    List.of(KEY_1), Map.of("X-Custom", HEADER_SECRET), null, Map.of(), true));
            json = ConfigExport.toJson(s, true); // keys travel, the header value still does not
        }
        try (var s = TestStores.open(dir.resolve("b"))) {
            ConfigImport.apply(s, ConfigDocument.parse(json.replace("\"" + HEADER_SECRET + "\"", "null")),
                    ConfigImport.Mode.MERGE);
            var relay = s.channels().get("relay");
            assertTrue(!relay.needsKey() && relay.needsSecrets() && !relay.enabled(), relay.toString());
            relay = s.channels().update("relay", ChannelPatch.builder().removeHeader("X-Custom").build());
            assertTrue(relay.enabled() && !relay.needsSecrets(), "the person said it does without: " + relay);
            assertEquals(Map.of(), relay.headers());
        }
    }

    /** A withheld value the store has for the same channel is kept, as before: no channel is made to wait. */
    @Test
    void aWithheldHeaderOrProxyTheStoreHasIsKept() {
        String json;
        try (var s = TestStores.open(dir.resolve("a"))) {
            populate(s);
            json = ConfigExport.toJson(s, false);
            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            var relay = s.channels().get("relay");
            assertTrue(relay.enabled() && !relay.needsSecrets(), relay.toString());
            assertEquals(Map.of("X-Custom", HEADER_SECRET), relay.headers());
            assertTrue(relay.proxy().contains(PROXY_PASSWORD));
        }
    }

    private static String file(String channels, String groups, String settings) {
        return "{\"format\":\"switchboard-config\",\"version\":1,\"keysIncluded\":true,\"channels\":[" + channels
                + "],\"groups\":[" + groups + "],\"settings\":{" + settings + "}}";
    }

    @Test
    void mergeAddsAndUpdatesButKeepsWhatTheFileDoesNotMention() {
        try (var s = TestStores.open(dir)) {
            populate(s);
            var text = file("{\"name\":\"RELAY\",\"type\":\"openai\",\"baseUrl\":\"https://new.example.test/v1\","
                            + "\"models\":[{\"model\":\"gpt-4o\",\"alias\":\"omni\"},{\"model\":\"gpt-5\"}]},"
                            + "{\"name\":\"fresh\",\"type\":\"gemini\",\"baseUrl\":\"https://g.example.test\","
                            + "\"keys\":[\"test-key-fresh-000000\"],\"models\":[\"gemini-2.5-pro\"]}",
                    "{\"name\":\"fast\",\"members\":[\"fresh/gemini-2.5-pro\",\"claude/claude-sonnet-4\"]}",
                    "\"port\":\"9191\"");
            var preview = ConfigImport.preview(s, ConfigDocument.parse(text), ConfigImport.Mode.MERGE);
            var lines = preview.stream().map(ConfigImport.Change::line).toList();
            assertTrue(lines.contains("~ channel RELAY (name, base URL https://new.example.test/v1, headers)")
                    || lines.stream().anyMatch(l -> l.startsWith("~ channel RELAY")), lines.toString());
            assertTrue(lines.contains("+ channel fresh (gemini, https://g.example.test, 1 key)"), lines.toString());
            assertTrue(lines.contains("+ entry RELAY/gpt-5 (enabled)"), lines.toString());
            assertTrue(lines.contains("~ entry RELAY/gpt-4o (alias omni, enabled)"), lines.toString());
            assertTrue(lines.contains("+ group fast (2 members)"), lines.toString());
            assertTrue(lines.contains("+ setting port (9191)"), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("-")), lines.toString());

            ConfigImport.apply(s, ConfigDocument.parse(text), ConfigImport.Mode.MERGE);
            var relay = s.channels().get("relay");
            assertEquals("RELAY", relay.name());
            assertEquals("https://new.example.test/v1", relay.baseUrl());
            assertEquals(List.of(KEY_1, KEY_2), relay.keys().stream().map(ApiKey::reveal).toList(),
                    "no keys in the file: the channel keeps its own");
            assertTrue(s.channels().find("claude").isPresent(), "channels the file does not name stay");
            assertEquals("omni", s.entries().get("RELAY/gpt-4o").alias());
            s.entries().get("RELAY/deepseek-ai/DeepSeek-V3.2"); // entries the file does not name stay
            assertEquals("3", s.settings().load().raw(Setting.MAX_ATTEMPTS), "settings the file does not name stay");
            assertEquals(9191, s.settings().load().port());
            // new entries join auto at the end (the file has no auto)
            var auto = s.entries().group("auto");
            var refs = s.entries().list().stream().filter(e -> auto.memberIds().contains(e.id()))
                    .map(Entry::ref).toList();
            assertEquals(5, auto.memberIds().size(), refs.toString());
            assertTrue(s.entries().groups().stream().anyMatch(g -> g.name().equals("coding")));
        }
    }

    @Test
    void replaceLeavesExactlyTheFileAndKeepsAuto() {
        try (var s = TestStores.open(dir)) {
            populate(s);
            var text = file("{\"name\":\"solo\",\"type\":\"openai\",\"baseUrl\":\"https://solo.example.test/v1\","
                    + "\"keys\":[\"test-key-solo-0000000\"],\"models\":[\"m1\",\"m2\"]}", "", "");
            var lines = ConfigImport.preview(s, ConfigDocument.parse(text), ConfigImport.Mode.REPLACE).stream()
                    .map(ConfigImport.Change::line).toList();
            assertTrue(lines.contains("- channel relay (with its entries)"), lines.toString());
            assertTrue(lines.contains("- entry claude/claude-sonnet-4"), lines.toString());
            assertTrue(lines.contains("- group coding"), lines.toString());
            assertTrue(lines.contains("- setting max-attempts (back to default)"), lines.toString());
            assertTrue(lines.contains("~ group auto (2 members)"), lines.toString());

            ConfigImport.apply(s, ConfigDocument.parse(text), ConfigImport.Mode.REPLACE);
            assertEquals(List.of("solo"), s.channels().list().stream().map(Channel::name).toList());
            assertEquals(List.of("auto"), s.entries().groups().stream().map(Group::name).toList());
            assertEquals(2, s.entries().group("auto").memberIds().size());
            assertTrue(s.settings().load().isDefault(Setting.MAX_ATTEMPTS));
        }
    }

    @Test
    void previewWritesNothing() {
        try (var s = TestStores.open(dir)) {
            populate(s);
            var before = state(s);
            var changes = ConfigImport.preview(s, ConfigDocument.parse(file("", "", "")), ConfigImport.Mode.REPLACE);
            assertFalse(changes.isEmpty());
            assertEquals(before, state(s));
        }
    }

    @Test
    void malformedFilesGiveClearErrorsAndChangeNothing() {
        try (var s = TestStores.open(dir)) {
            populate(s);
            var before = state(s);
            var relay = "{\"name\":\"relay\",\"type\":\"openai\",\"baseUrl\":\"https://r.example.test/v1\","
                    + "\"keys\":[\"test-key-relay-0000000\"],\"models\":[\"m1\"]}";
            var cases = Map.of(
                    "{not json", "not valid JSON",
                    "{\"format\":\"something-else\",\"version\":1}", "'something-else'",
                    "{\"format\":\"switchboard-config\",\"version\":2}", "version 2",
                    file("{\"name\":\"bad\",\"type\":\"openai\",\"baseUrl\":\"ftp://x.example.test\","
                            + "\"keys\":[\"test-key-bad-00000000\"]}", "", ""), "Channel 'bad'",
                    file("{\"name\":\"bad\",\"type\":\"openai\",\"baseUrl\":\"not a url\","
                            + "\"keys\":[\"test-key-bad-00000000\"]}", "", ""), "not a valid URL",
                    file(relay, "{\"name\":\"g\",\"members\":[\"relay/nope\"]}", ""), "'relay/nope'",
                    file(relay, "", "\"port\":\"99999\""), "port",
                    file("{\"name\":\"x\",\"type\":\"smoke-signals\",\"baseUrl\":\"https://x.example.test\"}", "", ""),
                    "smoke-signals");
            for (var c : cases.entrySet()) {
                for (var mode : ConfigImport.Mode.values()) {
                    var e = TestStores.assertFails(StoreException.Kind.INVALID,
                            () -> ConfigImport.apply(s, ConfigDocument.parse(c.getKey()), mode));
                    assertTrue(e.getMessage().contains(c.getValue()), () -> "expected '" + c.getValue() + "' in: "
                            + e.getMessage());
                    assertEquals(before, state(s), "nothing may change: " + c.getKey());
                }
            }
        }
    }

    @Test
    void anErrorLateInTheFileUndoesTheEarlierWork() {
        try (var s = TestStores.open(dir)) {
            populate(s);
            var before = state(s);
            // valid channels first, then an alias that clashes with a group: found in the plan, before any write
            var text = file("{\"name\":\"extra\",\"type\":\"openai\",\"baseUrl\":\"https://e.example.test/v1\","
                    + "\"keys\":[\"test-key-extra-0000000\"],\"models\":[{\"model\":\"m\",\"alias\":\"coding\"}]}",
                    "", "");
            var e = TestStores.assertFails(StoreException.Kind.INVALID,
                    () -> ConfigImport.apply(s, ConfigDocument.parse(text), ConfigImport.Mode.MERGE));
            assertTrue(e.getMessage().contains("alias 'coding'"), e.getMessage());
            assertEquals(before, state(s));
        }
    }

    @Test
    void tomlLinesReadsCodexConfig() {
        var toml = TomlLines.read("""
                # comment
                model_provider = "relay"   # trailing comment
                model = 'gpt-5-codex'
                model_reasoning_effort = high
                notes = \"\"\"
                base_url = "https://not-this.example.test"
                \"\"\"

                [model_providers.relay]
                name = "Relay \\"One\\""
                base_url = "https://relay.example.test/v1"
                wire_api = "responses"
                [model_providers."other one"]
                base_url = "https://other.example.test/v1"
                """);
        assertEquals("relay", toml.get("model_provider"));
        assertEquals("gpt-5-codex", toml.get("model"));
        assertEquals("high", toml.get("model_reasoning_effort"));
        assertEquals("Relay \"One\"", toml.get("model_providers.relay.name"));
        assertEquals("https://relay.example.test/v1", toml.get("model_providers.relay.base_url"));
        assertEquals("https://other.example.test/v1", toml.get("model_providers.other one.base_url"));
        assertFalse(toml.containsKey("base_url"), "multi-line strings are skipped, not read as lines");
    }
}
