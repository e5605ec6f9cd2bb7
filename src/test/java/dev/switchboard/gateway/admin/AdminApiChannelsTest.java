package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/channels} and {@code /admin/detect}, end to end: shapes, statuses, and no secret in any answer. */
class AdminApiChannelsTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void channelsAreListedAndShownWithEverySecretMasked() throws Exception {
        var list = api.get("/admin/channels");
        assertStatus(200, list);
        var relay = list.json().get(0);
        assertEquals("relay", relay.get("name").asText());
        assertEquals("openai", relay.get("type").asText());
        assertEquals("https://relay.example.test/v1", relay.get("baseUrl").asText());
        assertEquals("sk-t…ay-1", relay.get("keys").get(0).asText());
        assertEquals(2, relay.get("keys").size());
        assertEquals("hdr-…et-1", relay.get("headers").get("X-Relay-Auth").asText());
        assertEquals("http://me:****@proxy.example.test:3128", relay.get("proxy").asText());
        assertEquals(2, relay.get("entries").asInt());

        var one = api.get("/admin/channels/relay");
        assertStatus(200, one);
        assertEquals(List.of("deepseek-ai/DeepSeek-V3.2", "gpt-4o"),
                List.of(one.json().get("models").get(0).asText(), one.json().get("models").get(1).asText()));
    }

    @Test
    void channelIsCreatedWithItsModelsAllOrNothing() throws Exception {
        var created = api.admin("POST", "/admin/channels", "{\"name\":\"new one\",\"baseUrl\":\"https://new.example.test/v1/\","
                + "\"keys\":[\"sk-test-new-1\"],\"headers\":{\"X-Title\":\"switchboard\"},\"models\":[\"m1\",\"m2\"]}");

        assertStatus(201, created);
        assertEquals("new one", created.json().get("name").asText());
        assertEquals("openai", created.json().get("type").asText());
        assertEquals("https://new.example.test/v1", created.json().get("baseUrl").asText());
        assertEquals(2, created.json().get("models").size());
        assertEquals("sk-test-new-1", api.store.channels().get("new one").keys().get(0).reveal());
        assertStatus(200, api.get("/admin/channels/new%20one"));
        assertEquals(4, api.store.entries().group("auto").memberIds().size());

        var bad = api.admin("POST", "/admin/channels", "{\"name\":\"half\",\"baseUrl\":\"https://half.example.test\","
                + "\"keys\":[\"sk-test-new-2\"],\"models\":[\"ok\",\"\"]}");
        assertStatus(400, bad);
        assertTrue(api.store.channels().find("half").isEmpty(), "no half-made channel");
    }

    @Test
    void channelCreationErrorsMapToStatuses() throws Exception {
        var duplicate = api.admin("POST", "/admin/channels",
                "{\"name\":\"RELAY\",\"baseUrl\":\"https://x.example.test\","
                + "\"keys\":[\"sk-test-new-1\"]}");
        assertStatus(409, duplicate);
        assertEquals("conflict", duplicate.code());
        assertEquals("conflict_error", duplicate.error().get("type").asText());

        var badUrl = api.admin("POST", "/admin/channels", "{\"name\":\"x\",\"baseUrl\":\"ftp://x.example.test\","
                + "\"keys\":[\"sk-test-new-1\"]}");
        assertStatus(400, badUrl);
        assertEquals("invalid", badUrl.code());

        var noKey = api.admin("POST", "/admin/channels", "{\"name\":\"x\",\"baseUrl\":\"https://x.example.test\"}");
        assertStatus(400, noKey);

        var badType = api.admin("POST", "/admin/channels", "{\"name\":\"x\",\"type\":\"smoke-signals\","
                + "\"baseUrl\":\"https://x.example.test\",\"keys\":[\"sk-test-new-1\"]}");
        assertStatus(400, badType);
        assertTrue(badType.error().get("message").asText().contains("openai"));

        var missing = api.get("/admin/channels/nope");
        assertStatus(404, missing);
        assertEquals("not_found", missing.code());
        assertTrue(missing.error().get("message").asText().contains("relay"), "lists the channels there are");
    }

    @Test
    void channelIsPatchedFieldByField() throws Exception {
        var r = api.admin("PATCH", "/admin/channels/relay", "{\"baseUrl\":\"https://relay2.example.test/v1\","
                + "\"removeKeys\":[1],\"addKeys\":[\"sk-test-added-3\"],"
                + "\"headers\":{\"X-Relay-Auth\":null,\"X-Title\":\"sb\"},\"proxy\":null,"
                + "\"options\":{\"api-version\":\"2024-10-21\"}}");

        assertStatus(200, r);
        var c = api.store.channels().get("relay");
        assertEquals("https://relay2.example.test/v1", c.baseUrl());
        assertEquals(List.of("sk-test-relay-2", "sk-test-added-3"), c.keys().stream().map(k -> k.reveal()).toList());
        assertEquals(Map.of("X-Title", "sb"), c.headers());
        assertEquals(null, c.proxy());
        assertEquals("2024-10-21", c.options().get("api-version"));
        assertEquals("sk-t…ed-3", r.json().get("keys").get(1).asText());

        var renamed = api.admin("PATCH", "/admin/channels/relay",
                "{\"name\":\"relay-b\",\"removeKeys\":[\"sk-t…ay-2\"],"
                + "\"enabled\":false}");
        assertStatus(200, renamed);
        assertEquals("relay-b", renamed.json().get("name").asText());
        assertFalse(renamed.json().get("enabled").asBoolean());
        assertEquals(List.of("sk-test-added-3"), api.store.channels().get("relay-b").keys().stream().map(k -> k.reveal()).toList());
        assertEquals(2, renamed.json().get("models").size(), "its entries came along");
    }

    @Test
    void maskedValuesSentBackAreRefusedSoTheyCannotReplaceSecrets() throws Exception {
        var shown = api.get("/admin/channels/relay").json();

        var keys = api.admin("PATCH", "/admin/channels/relay", "{\"keys\":" + shown.get("keys") + "}");
        assertStatus(400, keys);
        assertTrue(keys.error().get("message").asText().contains("looks masked"));
        var headers = api.admin("PATCH", "/admin/channels/relay", "{\"headers\":" + shown.get("headers") + "}");
        assertStatus(400, headers);
        var proxy = api.admin("PATCH", "/admin/channels/relay", "{\"proxy\":\"" + shown.get("proxy").asText() + "\"}");
        assertStatus(400, proxy);

        var c = api.store.channels().get("relay");
        assertEquals("sk-test-relay-1", c.keys().get(0).reveal());
        assertEquals("hdr-test-secret-1", c.headers().get("X-Relay-Auth"));
        assertTrue(c.proxy().contains("proxy-test-pass-1"));
    }

    @Test
    void patchRefusesNothingUnknownFieldsAndWrongTypes() throws Exception {
        assertStatus(400, api.admin("PATCH", "/admin/channels/relay", "{}"));
        var typo = api.admin("PATCH", "/admin/channels/relay", "{\"url\":\"https://x.example.test\"}");
        assertStatus(400, typo);
        assertTrue(typo.error().get("message").asText().contains("Unknown field 'url'"));
        var wrongType = api.admin("PATCH", "/admin/channels/relay", "{\"enabled\":\"no\"}");
        assertStatus(400, wrongType);
        assertTrue(wrongType.error().get("message").asText().contains("enabled"));
        var badPosition = api.admin("PATCH", "/admin/channels/relay", "{\"removeKeys\":[7]}");
        assertStatus(400, badPosition);
        var noSuchKey = api.admin("PATCH", "/admin/channels/relay", "{\"removeKeys\":[\"sk-test-relay-9-000\"]}");
        assertStatus(400, noSuchKey);
        assertFalse(noSuchKey.raw().body().contains("sk-test-relay-9-000"), "a key given is never echoed");
        assertStatus(404, api.admin("PATCH", "/admin/channels/nope", "{\"enabled\":true}"));
    }

    @Test
    void channelIsDisabledEnabledAndDeleted() throws Exception {
        var off = api.admin("POST", "/admin/channels/relay/disable", null);
        assertStatus(200, off);
        assertFalse(off.json().get("enabled").asBoolean());
        assertFalse(api.store.channels().get("relay").enabled());
        assertTrue(api.switchboard.live().current().routableEntries().isEmpty(), "the gateway routes by it at once");

        var on = api.admin("POST", "/admin/channels/relay/enable", null);
        assertStatus(200, on);
        assertTrue(api.store.channels().get("relay").enabled());

        var removed = api.admin("DELETE", "/admin/channels/relay", null);
        assertStatus(200, removed);
        assertEquals("relay", removed.json().get("name").asText());
        assertEquals(2, removed.json().get("entries").asInt());
        assertStatus(404, api.get("/admin/channels/relay"));
        assertTrue(api.store.entries().list().isEmpty());
    }

    @Test
    void detectsAProviderAndListsItsModelsWithTheRecentOnesProposed() throws Exception {
        var relay = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        relay.start();
        try {
            relay.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/models")).willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"object\":\"list\",\"data\":["
                            + "{\"id\":\"glm-5.2\",\"object\":\"model\"},"
                            + "{\"id\":\"gpt-3.5-turbo\",\"object\":\"model\"}]}")));
            var site = "http://localhost:" + relay.port();

            var detected = api.admin("POST", "/admin/detect", "{\"url\":\"" + site + "\",\"key\":\"sk-test-new-1\"}");

            assertStatus(200, detected);
            assertEquals("openai", detected.json().get("type").asText());
            assertEquals(site + "/v1", detected.json().get("baseUrl").asText());
            assertTrue(detected.json().get("evidence").size() > 0);

            api.store.channels().create(new ChannelDraft("zhipu", ApiType.OPENAI, site + "/v1",
                    List.of("sk-test-new-2"), Map.of(), null, Map.of(), true));
            var models = api.get("/admin/channels/zhipu/models");

            assertStatus(200, models);
            var list = models.json().get("models");
            assertEquals("glm-5.2", list.get(0).get("id").asText());
            // glm-5.2 was released in June 2026: proposed while that is within the default 6 months
            var glm = dev.switchboard.catalog.Catalog.bundled().lookup("glm-5.2").orElseThrow();
            assertEquals(dev.switchboard.catalog.Catalog.recent(glm, java.time.LocalDate.now(java.time.ZoneOffset.UTC), 6),
                    list.get(0).get("proposed").asBoolean());
            assertEquals("2026-06-13", list.get(0).get("released").asText());
            assertFalse(list.get(1).get("proposed").asBoolean(), "gpt-3.5-turbo is from 2023");
            assertEquals("2023-03-01", list.get(1).get("released").asText());
        } finally {
            relay.stop();
        }
    }
}
