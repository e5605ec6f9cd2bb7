package dev.switchboard.store;

import static dev.switchboard.store.TestStores.assertFails;
import static dev.switchboard.store.TestStores.draft;
import static dev.switchboard.store.TestStores.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelStoreTest {
    @TempDir
    Path dir;

    private Store store;
    private ChannelStore channels;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        channels = store.channels();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsAChannelWithItsModelsInOneTransactionOrNotAtAll() {
        var draft = ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example.test/v1", List.of("test-key-alpha"));
        var refused = assertThrows(StoreException.class,
                () -> channels.createWithModels(draft, List.of("gpt-4o", "bad\u0001name"), true));
        assertTrue(refused.getMessage().contains("model name cannot contain control characters"), refused.getMessage());
        assertTrue(channels.list().isEmpty(), "no half-made channel");
        assertTrue(store.entries().list().isEmpty(), "and no entry of it");

        assertThrows(StoreException.class,
                () -> channels.createWithModels(draft, List.of("gpt-4o", "gpt-4o"), true), "a model named twice");
        assertTrue(channels.list().isEmpty());

        var created = channels.createWithModels(draft, List.of("gpt-4o", "claude-sonnet-4-5"), true);
        assertEquals("relay", created.name());
        var byId = new java.util.HashMap<Long, String>();
        store.entries().list().forEach(e -> byId.put(e.id(), e.ref()));
        assertEquals(List.of("relay/gpt-4o", "relay/claude-sonnet-4-5"),
                store.entries().group(Group.AUTO).memberIds().stream().map(byId::get).toList(),
                "both joined auto, in the given order");
    }

    @Test
    void createsAChannelAndReadsItBack() {
        var created = channels.create(ChannelDraft.of("OpenAI", ApiType.OPENAI, "https://api.example.test/v1",
                List.of(key("one"))));

        assertEquals("OpenAI", created.name());
        assertEquals(ApiType.OPENAI, created.type());
        assertEquals("https://api.example.test/v1", created.baseUrl());
        assertEquals(List.of(key("one")), created.keys().stream().map(ApiKey::reveal).toList());
        assertTrue(created.enabled());
        assertEquals(List.of(created), channels.list());
        assertEquals(created, channels.get("openai"), "names are found case-insensitively");
        assertEquals(created, channels.find(" OPENAI ").orElseThrow());
        assertTrue(channels.find("other").isEmpty());
    }

    @Test
    void listsChannelsByName() {
        channels.create(draft("zeta"));
        channels.create(draft("Alpha"));
        channels.create(draft("mid"));

        assertEquals(List.of("Alpha", "mid", "zeta"), channels.list().stream().map(Channel::name).toList());
    }

    @Test
    void getOfAnUnknownChannelIsNotFoundAndListsTheNames() {
        channels.create(draft("alpha"));

        var e = assertFails(StoreException.Kind.NOT_FOUND, () -> channels.get("beta"));

        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("alpha"), e.getMessage());
    }

    @Test
    void keepsSeveralKeysInTheirOrder() {
        var keys = List.of(key("c"), key("a"), key("b"));

        channels.create(draft("relay").withKeys(keys));

        assertEquals(keys, channels.get("relay").keys().stream().map(ApiKey::reveal).toList());
    }

    @Test
    void dropsRepeatedKeysKeepingTheFirstPosition() {
        channels.create(draft("relay").withKeys(List.of(key("a"), key("b"), " " + key("a") + " ")));

        assertEquals(List.of(key("a"), key("b")), channels.get("relay").keys().stream().map(ApiKey::reveal).toList());
    }

    @Test
    void keepsHeadersInInsertionOrder() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("X-Zeta", "1");
        headers.put("X-Alpha", "2");
        headers.put("HTTP-Referer", "https://example.test");

        channels.create(draft("relay").withHeaders(headers));

        var stored = channels.get("relay").headers();
        assertEquals(List.of("X-Zeta", "X-Alpha", "HTTP-Referer"), List.copyOf(stored.keySet()));
        assertEquals(headers, stored);
    }

    @Test
    void keepsProxyAndOptions() {
        channels.create(draft("azure").withType(ApiType.AZURE).withProxy("socks5://127.0.0.1:1080")
                .withOptions(Map.of("api-version", "2024-10-21")));

        var azure = channels.get("azure");
        assertEquals(ApiType.AZURE, azure.type());
        assertEquals("socks5://127.0.0.1:1080", azure.proxy());
        assertEquals(Map.of("api-version", "2024-10-21"), azure.options());
    }

    @Test
    void removesTheTrailingSlashOfTheBaseUrl() {
        channels.create(draft("relay").withBaseUrl("  https://relay.example.test/v1//  "));

        assertEquals("https://relay.example.test/v1", channels.get("relay").baseUrl());
    }

    @Test
    void updatesEverythingAndReplacesTheKeys() {
        channels.create(draft("relay").withKeys(List.of(key("old1"), key("old2"))));

        var updated = channels.update("RELAY", draft("relay").withType(ApiType.ANTHROPIC)
                .withBaseUrl("https://other.example.test").withKeys(List.of(key("new")))
                .withHeaders(Map.of("X-Team", "blue")).withEnabled(false));

        assertEquals(updated, channels.get("relay"));
        assertEquals(ApiType.ANTHROPIC, updated.type());
        assertEquals("https://other.example.test", updated.baseUrl());
        assertEquals(List.of(key("new")), updated.keys().stream().map(ApiKey::reveal).toList());
        assertEquals(Map.of("X-Team", "blue"), updated.headers());
        assertFalse(updated.enabled());
        assertEquals(1, channels.list().size());
    }

    @Test
    void renamesAndKeepsTheEntries() {
        var before = channels.create(draft("relay"));
        store.entries().add("relay", "gpt-4o", null, true);

        var renamed = channels.update("relay", ChannelDraft.from(before).withName("Relay2"));

        assertEquals(before.id(), renamed.id());
        assertEquals(List.of("Relay2"), channels.list().stream().map(Channel::name).toList());
        assertEquals("Relay2/gpt-4o", store.entries().get("relay2/gpt-4o").ref());
    }

    @Test
    void renamingToTheSameNameInAnotherCaseIsAllowed() {
        channels.create(draft("relay"));

        channels.update("relay", draft("RELAY"));

        assertEquals(List.of("RELAY"), channels.list().stream().map(Channel::name).toList());
    }

    @Test
    void setsEnabled() {
        channels.create(draft("relay"));

        assertFalse(channels.setEnabled("relay", false).enabled());
        assertFalse(channels.get("relay").enabled());
        assertTrue(channels.setEnabled("relay", true).enabled());
        assertTrue(channels.get("relay").enabled());
    }

    @Test
    void rejectsADuplicateNameIgnoringCaseAndChangesNothing() {
        channels.create(draft("relay"));
        channels.create(draft("other"));
        var before = channels.list();

        assertFails(StoreException.Kind.CONFLICT, () -> channels.create(draft("RELAY")));
        assertFails(StoreException.Kind.CONFLICT, () -> channels.update("other", draft("Relay")));

        assertEquals(before, channels.list());
    }

    @Test
    void rejectsInvalidDraftsAndChangesNothing() {
        channels.create(draft("relay"));
        var before = channels.list();
        var base = draft("fresh");

        var invalid = Map.<String, ChannelDraft>ofEntries(
                Map.entry("ftp URL", base.withBaseUrl("ftp://files.example.test/v1")),
                Map.entry("URL without host", base.withBaseUrl("https:///v1")),
                Map.entry("URL with query", base.withBaseUrl("https://api.example.test/v1?key=1")),
                Map.entry("URL with fragment", base.withBaseUrl("https://api.example.test/v1#top")),
                Map.entry("URL with credentials", base.withBaseUrl("https://user:pw@api.example.test/v1")),
                Map.entry("empty URL", base.withBaseUrl(" ")),
                Map.entry("name with slash", base.withName("team/relay")),
                Map.entry("empty name", base.withName("  ")),
                Map.entry("no type", base.withType(null)),
                Map.entry("no keys", base.withKeys(List.of())),
                Map.entry("blank key", base.withKeys(List.of(key("a"), "  "))),
                Map.entry("key with space", base.withKeys(List.of("test key 0000000000"))),
                Map.entry("proxy without port", base.withProxy("http://proxy.example.test")),
                Map.entry("proxy of unknown scheme", base.withProxy("ftp://proxy.example.test:21")),
                Map.entry("header value with newline", base.withHeaders(Map.of("X-Team", "blue\nX-Evil: 1"))),
                Map.entry("header name with space", base.withHeaders(Map.of("X Team", "blue"))),
                Map.entry("name with an ANSI escape", base.withName("red\u001b[31m")),
                Map.entry("name with a direction override", base.withName("gpt\u202e")),
                Map.entry("header value with an ANSI escape", base.withHeaders(Map.of("X-Team", "blue\u001b[2J"))),
                Map.entry("header value with a C1 control", base.withHeaders(Map.of("X-Team", "blue\u009b"))),
                Map.entry("option name with a control", base.withOptions(Map.of("api\u0000", "1"))),
                Map.entry("option value with a newline", base.withOptions(Map.of("api-version", "1\nX: y"))),
                Map.entry("key with a direction override", base.withKeys(List.of("test-key-\u202e000000000"))),
                Map.entry("URL with a direction override", base.withBaseUrl("https://api.example.test/\u202ev1")),
                Map.entry("proxy with an escape", base.withProxy("http://proxy.example.test:8080/\u001b")));

        invalid.forEach((what, draft) -> {
            var created = assertThrows(StoreException.class, () -> channels.create(draft), what);
            assertEquals(StoreException.Kind.INVALID, created.kind(), what + ": " + created.getMessage());
            var updated = assertThrows(StoreException.class, () -> channels.update("relay", draft), what);
            assertEquals(StoreException.Kind.INVALID, updated.kind(), what + ": " + updated.getMessage());
        });

        assertEquals(before, channels.list());
    }

    @Test
    void removesAChannelWithItsEntriesAndTheirGroupMemberships() {
        channels.create(draft("relay"));
        channels.create(draft("other"));
        var gone1 = store.entries().add("relay", "gpt-4o", null, true);
        var kept = store.entries().add("other", "gpt-4o", null, true);
        var gone2 = store.entries().add("relay", "gpt-4o-mini", null, true);
        store.entries().createGroup("fast");
        store.entries().addMember("fast", "#" + gone2.id(), null);
        store.entries().addMember("fast", "#" + kept.id(), null);
        assertEquals(List.of(gone1.id(), kept.id(), gone2.id()), store.entries().group("auto").memberIds());

        var removed = channels.remove("RELAY");

        assertEquals("relay", removed.name());
        assertEquals(List.of("other"), channels.list().stream().map(Channel::name).toList());
        assertEquals(List.of(kept), store.entries().list());
        assertEquals(List.of(kept.id()), store.entries().group("auto").memberIds());
        assertEquals(List.of(kept.id()), store.entries().group("fast").memberIds());
        assertEquals(0L, (long) store.database().read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM channel_key"
                    + " WHERE channel_id NOT IN (SELECT id FROM channel)")) {
                rs.next();
                return rs.getLong(1);
            }
        }), "the removed channel's keys are gone");
    }

    @Test
    void removingAnUnknownChannelIsNotFound() {
        assertFails(StoreException.Kind.NOT_FOUND, () -> channels.remove("ghost"));
        assertFails(StoreException.Kind.NOT_FOUND, () -> channels.setEnabled("ghost", false));
        assertFails(StoreException.Kind.NOT_FOUND, () -> channels.update("ghost", draft("ghost")));
    }

    @Test
    void toStringNeverShowsAFullKey() {
        var secret = key("secret");
        var d = draft("relay").withKeys(List.of(secret)).withProxy("http://user:pw@proxy.example.test:3128");

        var channel = channels.create(d);

        assertFalse(d.toString().contains(secret), d.toString());
        assertFalse(channel.toString().contains(secret), channel.toString());
        assertFalse(d.toString().contains("pw@"), "proxy credentials: " + d);
        assertFalse(channel.toString().contains("pw@"), "proxy credentials: " + channel);
        assertTrue(channel.toString().contains("relay"), "still says which channel it is");
    }
}
