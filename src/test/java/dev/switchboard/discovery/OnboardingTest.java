package dev.switchboard.discovery;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.store.ApiType;
import dev.switchboard.upstream.UpstreamClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one decision both the CLI and the window take when a channel is added: base URL, refusal, ticks. */
class OnboardingTest {
    static final LocalDate TODAY = LocalDate.of(2025, 1, 15);
    static final Catalog CATALOG = Catalog.bundled();

    private static Probe probe(int status, Probe.Kind kind) {
        return new Probe("https://relay.example/v1/models", ApiType.OPENAI, status, 3, kind.name(), kind,
                "relay.example");
    }

    private static Instant day(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    private static Map<String, Onboarding.Pick> byModel(List<Onboarding.Pick> picks) {
        var out = new HashMap<String, Onboarding.Pick>();
        picks.forEach(p -> out.put(p.model(), p));
        return out;
    }

    // ---- base URL

    @Test
    void theCorrectedBaseIsSavedUnlessThePersonKeepsTheirs() {
        var pasted = "https://relay.example/v1/chat/completions";
        assertEquals("https://relay.example/v1",
                Onboarding.baseUrl(ApiType.OPENAI, pasted, "https://relay.example/v1", false));
        assertEquals(pasted, Onboarding.baseUrl(ApiType.OPENAI, pasted, "https://relay.example/v1", true));
        assertTrue(Onboarding.corrects(ApiType.OPENAI, "https://relay.example", "https://relay.example/v1"));
    }

    @Test
    void anotherSpellingOfTheSameEndpointsIsNoCorrection() {
        // Anthropic's base works with or without /v1: the person's spelling stays
        assertEquals("https://claude.example/v1",
                Onboarding.baseUrl(ApiType.ANTHROPIC, "https://claude.example/v1", "https://claude.example", false));
        assertFalse(Onboarding.corrects(ApiType.ANTHROPIC, "https://claude.example/v1", "https://claude.example"));
    }

    @Test
    void withNothingDetectedAPastedEndpointIsStillCleanedOff() {
        assertEquals("https://relay.example/v1", Onboarding.baseUrl(null,
                "https://relay.example/v1/chat/completions", Bases.clean("https://relay.example/v1/chat/completions"),
                false));
    }

    // ---- refusal

    @Test
    void aKeyRejectedWhereNothingSucceededRefusesTheSave() {
        var v = Onboarding.verdict(false, List.of(probe(404, Probe.Kind.NOT_FOUND), probe(401, Probe.Kind.KEY_REJECTED)));
        assertEquals(Onboarding.Refusal.KEY_REJECTED, v.refusal());
        assertEquals(401, v.probe().status());
    }

    @Test
    void aHostThatNeverAnsweredRefusesTheSaveNamingTheMostTellingFailure() {
        var v = Onboarding.verdict(false, List.of(probe(0, Probe.Kind.TIMEOUT), probe(0, Probe.Kind.UNKNOWN_HOST)));
        assertEquals(Onboarding.Refusal.UNREACHABLE, v.refusal());
        assertEquals(Probe.Kind.UNKNOWN_HOST, v.probe().kind());
    }

    @Test
    void anAnswerWithoutAnApiOrAFoundTypeIsNotRefused() {
        assertFalse(Onboarding.verdict(false, List.of(probe(404, Probe.Kind.NOT_FOUND))).refused(),
                "a relay without a list: its models are added by name");
        assertFalse(Onboarding.verdict(true, List.of(probe(401, Probe.Kind.KEY_REJECTED))).refused(),
                "detected elsewhere: one 401 among the probes is no refusal");
        assertFalse(Onboarding.verdict(false, List.of(probe(200, Probe.Kind.NOT_A_LIST),
                probe(401, Probe.Kind.KEY_REJECTED))).refused(), "something answered 2xx to the key");
    }

    @Test
    void realProbesOfARejectedKeyAndAClosedPortAreRefused() throws Exception {
        var w = new WireMockServer(options().dynamicPort());
        w.start();
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (var client = UpstreamClient.create()) {
            Relays.openAiListAt(w, "/v1/models", Relays.OPENAI_LIST);
            var detector = new Detector(client, Duration.ofSeconds(3), Duration.ofSeconds(15), 8);
            var rejected = detector.detect("http://localhost:" + w.port(), "sk-wrong-key-000000000000", null);
            assertEquals(Onboarding.Refusal.KEY_REJECTED, Onboarding.verdict(rejected).refusal());
            var unreachable = detector.detect("http://127.0.0.1:" + closed + "/v1", Relays.KEY, null);
            assertEquals(Onboarding.Refusal.UNREACHABLE, Onboarding.verdict(unreachable).refusal());
            var fine = detector.detect("http://localhost:" + w.port(), Relays.KEY, null);
            assertNull(Onboarding.verdict(fine).refusal());
        } finally {
            w.stop();
        }
    }

    // ---- pre-selection

    @Test
    void theCatalogsReleaseDateDecidesForModelsItKnows() {
        // claude-3-5-sonnet-20241022 (Oct 2024) is recent in January 2025; gpt-3.5-turbo (2023) is not, even
        // though the relay stamps it with yesterday (a relay's created is when it added the model)
        var created = Map.of("gpt-3.5-turbo", day("2025-01-14"));
        var picks = byModel(Onboarding.picks(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo"), created,
                List.of(), CATALOG, TODAY, 6));
        assertEquals(Onboarding.Reason.CATALOG_RECENT, picks.get("claude-3-5-sonnet-20241022").reason());
        assertTrue(picks.get("claude-3-5-sonnet-20241022").ticked());
        assertEquals(Onboarding.Reason.CATALOG_OLDER, picks.get("gpt-3.5-turbo").reason());
        assertFalse(picks.get("gpt-3.5-turbo").ticked());
    }

    @Test
    void theUpstreamsOwnDateDecidesForModelsTheCatalogDoesNotKnow() {
        var created = Map.of("house-new", day("2024-12-01"), "house-old", day("2023-05-01"));
        var picks = byModel(Onboarding.picks(List.of("house-new", "house-old", "house-undated"), created, List.of(),
                CATALOG, TODAY, 6));
        assertEquals(Onboarding.Reason.UPSTREAM_RECENT, picks.get("house-new").reason());
        assertTrue(picks.get("house-new").ticked());
        assertEquals(LocalDate.of(2024, 12, 1), picks.get("house-new").listed());
        assertEquals(Onboarding.Reason.UPSTREAM_OLDER, picks.get("house-old").reason());
        assertFalse(picks.get("house-old").ticked());
        assertEquals(Onboarding.Reason.NEW_TO_CATALOG, picks.get("house-undated").reason());
        assertFalse(picks.get("house-undated").ticked(), "the upstream dates its models: an undated one is no news");
    }

    @Test
    void modelsNewToTheCatalogAreTickedWhenTheListingDatesNone() {
        var picks = byModel(Onboarding.picks(List.of("house-model", "gpt-3.5-turbo"), Map.of(), List.of(), CATALOG,
                TODAY, 6));
        assertEquals(Onboarding.Reason.NEW_TO_CATALOG, picks.get("house-model").reason());
        assertTrue(picks.get("house-model").ticked());
        assertFalse(picks.get("gpt-3.5-turbo").ticked());
    }

    @Test
    void oneStampOnManyModelsIsTheRelaysNotACreationDate() {
        var stamp = day("2025-01-10");
        var created = Map.of("old-house-a", stamp, "old-house-b", stamp, "old-house-c", stamp);
        var picks = Onboarding.picks(List.of("old-house-a", "old-house-b", "old-house-c"), created, List.of(),
                CATALOG, TODAY, 6);
        assertTrue(picks.stream().allMatch(p -> p.reason() == Onboarding.Reason.NEW_TO_CATALOG && p.listed() == null),
                picks::toString);
        assertTrue(picks.stream().allMatch(Onboarding.Pick::ticked), "undated after all: new to the catalog");
    }

    @Test
    void nonChatModelsAreNeverTickedByGuessAndExistingEntriesAlwaysAre() {
        var picks = byModel(Onboarding.picks(List.of("house-embedding-v2", "house-tts-1", "house-model"), Map.of(),
                Set.of("house-model"), CATALOG, TODAY, 6));
        assertEquals(Onboarding.Reason.NOT_FOR_CHAT, picks.get("house-embedding-v2").reason());
        assertFalse(picks.get("house-embedding-v2").ticked());
        assertFalse(picks.get("house-tts-1").ticked());
        assertEquals(Onboarding.Reason.ALREADY_ADDED, picks.get("house-model").reason());
        assertTrue(picks.get("house-model").ticked());
        assertEquals(List.of("house-model"), Onboarding.ticked(Onboarding.picks(List.of("house-embedding-v2",
                "house-model"), Map.of(), Set.of("house-model"), CATALOG, TODAY, 6)));
    }

    @Test
    void theRecentMonthsSettingIsTheWindowForUpstreamDatesToo() {
        var created = Map.of("house-a", day("2024-11-01"), "house-b", day("2024-06-01"));
        assertEquals(List.of("house-a"), Onboarding.ticked(Onboarding.picks(List.of("house-a", "house-b"), created,
                List.of(), CATALOG, TODAY, 3)));
        assertEquals(List.of("house-a", "house-b"), Onboarding.ticked(Onboarding.picks(List.of("house-a",
                "house-b"), created, List.of(), CATALOG, TODAY, 12)));
    }

    @Test
    void listsCarryTheUpstreamsDatesInEitherShape() {
        var w = new WireMockServer(options().dynamicPort());
        w.start();
        try (var client = UpstreamClient.create()) {
            Relays.openAiListAt(w, "/v1/models", "{\"object\":\"list\",\"data\":["
                    + "{\"id\":\"a\",\"object\":\"model\",\"created\":1733011200},"
                    + "{\"id\":\"b\",\"object\":\"model\",\"created\":0},{\"id\":\"c\",\"object\":\"model\"}]}");
            Relays.anthropic(w);
            var discovery = new ModelDiscovery(client, Duration.ofSeconds(3), Duration.ofSeconds(15), 8);
            var openai = discovery.list(new dev.switchboard.store.Channel(1, "c", ApiType.OPENAI,
                    "http://localhost:" + w.port() + "/v1", List.of(dev.switchboard.store.ApiKey.of(Relays.KEY)),
                    Map.of(), null, Map.of(), true));
            assertEquals(Map.of("a", Instant.ofEpochSecond(1733011200)), openai.created(), "0 and absent are no date");
            var anthropic = discovery.list(new dev.switchboard.store.Channel(1, "c", ApiType.ANTHROPIC,
                    "http://localhost:" + w.port(), List.of(dev.switchboard.store.ApiKey.of(Relays.KEY)),
                    Map.of(), null, Map.of(), true));
            assertEquals(Map.of("claude-sonnet-4-5", Instant.parse("2025-09-29T00:00:00Z")), anthropic.created());
        } finally {
            w.stop();
        }
    }
}
