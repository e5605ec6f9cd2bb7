package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.UpstreamClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channels tab's rows, health words and actions, without a display, over a real store. */
class ChannelsModelTest {
    @TempDir
    Path folder;
    Store store;
    UpstreamClient upstream;
    ChannelsModel model;
    final Messages en = Messages.of("en", Locale.ENGLISH);

    @BeforeEach
    void open() {
        store = Store.open(folder, Database.Check.QUICK, ChannelRelays.JAN_2025);
        upstream = UpstreamClient.create();
        model = new ChannelsModel(store, upstream, ChannelRelays.JAN_2025, en, ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        upstream.close();
        store.close();
    }

    private void channel(String name, String url, String... models) {
        store.channels().create(ChannelDraft.of(name, ApiType.OPENAI, url, List.of(ChannelRelays.KEY)));
        for (var m : models) {
            store.entries().add(name, m, null, true);
        }
    }

    @Test
    void aRowSaysWhatAChannelImportedWithoutItsSecretsLacksInEitherLanguage() {
        var file = "{\"format\":\"switchboard-config\",\"version\":1,\"channels\":[{\"name\":\"moved\","
                + "\"type\":\"openai\",\"baseUrl\":\"https://moved.example.com/v1\",\"headers\":{\"X-Token\":null},"
                + "\"proxy\":\"socks5://me:****@proxy.local:1080\",\"enabled\":true,\"models\":[]}]}";
        dev.switchboard.store.ConfigImport.apply(store, dev.switchboard.store.ConfigDocument.parse(file),
                dev.switchboard.store.ConfigImport.Mode.MERGE);
        var row = model.rows(store.snapshot()).get(0);
        assertTrue(row.needsSecrets() && row.needsKey() && row.proxyWithheld());
        assertEquals("a key, the value of header X-Token, the proxy password", model.missing(row));
        var zh = new ChannelsModel(store, upstream, ChannelRelays.JAN_2025, Messages.of("zh", Locale.CHINESE),
                ZoneOffset.UTC);
        assertEquals("密钥、请求头 X-Token 的值、代理密码", zh.missing(row));
    }

    @Test
    void rowsCountModelsAndSummariseTheirHealth() {
        channel("relay", "https://relay.example.com/v1", "a", "b", "c", "d", "e", "f");
        channel("spare", "https://spare.example.com/v1");
        store.channels().setEnabled("spare", false);
        var now = ChannelRelays.JAN_2025.instant();
        store.health().save(new Health(store.entries().get("relay/d").id(), now.plusSeconds(90), null, 1, null,
                "HTTP 429"));
        store.health().save(new Health(store.entries().get("relay/e").id(), null, "HTTP 401: key revoked", 1, null,
                null));
        // a cooldown that has passed counts as ok again
        store.health().save(new Health(store.entries().get("relay/c").id(), now.minusSeconds(5), null, 0, null,
                null));
        store.entries().setEnabled("relay/f", false);

        var rows = model.rows(store.snapshot());

        assertEquals(List.of("relay", "spare"), rows.stream().map(ChannelsModel.Row::name).toList());
        var relay = rows.get(0);
        assertEquals(6, relay.models());
        assertEquals(new ChannelsModel.HealthCounts(3, 1, 1, 1), relay.health());
        assertEquals("3 ok · 1 cooling · 1 disabled · 1 switched off", relay.healthText());
        assertEquals("https://relay.example.com/v1", relay.baseUrl());
        assertTrue(relay.enabled());
        assertEquals(List.of("test…6789"), relay.keys(), "keys are only ever masked");
        var spare = rows.get(1);
        assertEquals(0, spare.models());
        assertEquals("no models", spare.healthText());
        assertFalse(spare.enabled());
    }

    @Test
    void summaryLeavesOutZeroCountsAndSpeaksChinese() {
        assertEquals("2 ok", model.summary(new ChannelsModel.HealthCounts(2, 0, 0, 0)));
        assertEquals("1 cooling · 4 disabled", model.summary(new ChannelsModel.HealthCounts(0, 1, 4, 0)));
        var zh = new ChannelsModel(store, upstream, ChannelRelays.JAN_2025, Messages.of("zh", Locale.ENGLISH),
                ZoneOffset.UTC);
        assertEquals("3 正常 · 1 冷却中", zh.summary(new ChannelsModel.HealthCounts(3, 1, 0, 0)));
    }

    @Test
    void entriesSayTheirHealthInWordsWithTheCooldownsEnd() {
        channel("relay", "https://relay.example.com/v1", "ok-model", "hot-model", "dead-model");
        var now = ChannelRelays.JAN_2025.instant();
        long hot = store.entries().get("relay/hot-model").id();
        long dead = store.entries().get("relay/dead-model").id();
        store.health().save(new Health(hot, Instant.parse("2025-01-15T10:03:22Z"), null, 2, null, "HTTP 503"));
        store.health().save(new Health(dead, null, "HTTP 401: the key was revoked", 1, null, null));
        var results = Map.of(hot, new ChannelsModel.Result(false, "✗ transient: HTTP 503"));

        var lines = model.entries(store.snapshot(), "RELAY", results);

        // in the store's order (by model name), as the CLI lists them
        assertEquals(List.of("dead-model", "hot-model", "ok-model"),
                lines.stream().map(ChannelsModel.EntryLine::model).toList());
        assertEquals("disabled: HTTP 401: the key was revoked", lines.get(0).health());
        assertEquals(ChannelsModel.State.DISABLED, lines.get(0).state());
        assertEquals("cooling until 10:03:22", lines.get(1).health());
        assertEquals(ChannelsModel.State.COOLING, lines.get(1).state());
        assertEquals("ok", lines.get(2).health());
        assertEquals("✗ transient: HTTP 503", lines.get(1).result().text());
        assertEquals(null, lines.get(2).result());
        assertTrue(now.isBefore(Instant.parse("2025-01-15T10:03:22Z")));
    }

    @Test
    void deleteAsksWithTheModelCountAndTakesTheModelsAlong() {
        channel("relay", "https://relay.example.com/v1", "a", "b");
        channel("solo", "https://solo.example.com/v1", "x");
        channel("keep", "https://keep.example.com/v1", "k");

        assertEquals("Delete channel relay and its 2 models? Clients asking for them get another entry or an error."
                + " This cannot be undone.", model.deleteQuestion(store.snapshot(), "relay"));
        assertTrue(model.deleteQuestion(store.snapshot(), "solo").contains("its 1 model?"));

        model.delete("relay");

        var snapshot = store.snapshot();
        assertEquals(List.of("keep", "solo"), snapshot.channels().stream().map(c -> c.name()).toList());
        assertEquals(List.of("keep/k", "solo/x"), snapshot.entries().stream().map(e -> e.ref()).toList());
        assertEquals(2, snapshot.group("auto").orElseThrow().memberIds().size(), "its models left `auto` too");
    }

    @Test
    void switchesAChannelOffAndOn() {
        channel("relay", "https://relay.example.com/v1", "a");
        model.setEnabled("relay", false);
        assertFalse(model.rows(store.snapshot()).get(0).enabled());
        assertTrue(store.snapshot().routableEntries().isEmpty());
        model.setEnabled("relay", true);
        assertTrue(model.rows(store.snapshot()).get(0).enabled());
    }

    @Test
    void testRunsTheSpeedTestOfOneChannelAndShowsMillisecondsOrTheReason() throws Exception {
        var relay = new WireMockServer(options().dynamicPort());
        relay.start();
        try {
            ChannelRelays.streams(relay, "good-model");
            ChannelRelays.missing(relay, "gone-model");
            channel("relay", relay.baseUrl() + "/v1", "good-model", "gone-model", "off-model");
            channel("other", relay.baseUrl() + "/v1", "good-model");
            store.entries().setEnabled("relay/off-model", false);

            assertEquals(List.of("relay/gone-model", "relay/good-model"),
                    model.testEntries("relay").stream().map(e -> e.ref()).toList());
            var progress = Collections.synchronizedList(new ArrayList<SpeedResult>());
            var results = model.test("relay", progress::add);

            assertEquals(2, results.size(), "only the channel's enabled models");
            assertEquals(2, progress.size());
            var good = model.result(results.get(1));
            assertTrue(good.ok());
            assertTrue(good.text().matches("\\d+ ms"), good::text);
            var gone = model.result(results.get(0));
            assertFalse(gone.ok());
            assertTrue(gone.text().startsWith("✗ missing_model"), gone::text);
            assertTrue(gone.text().contains("does not exist"), gone::text);

            // stored like the CLI's results: shown again after a restart of the window
            var latest = model.latestResults();
            assertEquals(good, latest.get(results.get(1).entryId()));
            assertEquals(gone, latest.get(results.get(0).entryId()));
            assertFalse(latest.containsKey(store.entries().get("other/good-model").id()), "other channel untouched");
        } finally {
            relay.stop();
        }
    }
}
