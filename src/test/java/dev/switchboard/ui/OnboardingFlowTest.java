package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.Onboarding;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.upstream.UpstreamClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Add-a-channel's steps without a display: detection, the model list with its proposal, the all-or-nothing save. */
class OnboardingFlowTest {
    static UpstreamClient upstream;
    @TempDir
    Path folder;
    Store store;
    WireMockServer relay;
    String site;
    OnboardingFlow flow;

    @BeforeAll
    static void client() {
        upstream = UpstreamClient.create();
    }

    @AfterAll
    static void closeClient() {
        upstream.close();
    }

    @BeforeEach
    void open() {
        store = Store.open(folder, Database.Check.QUICK, ChannelRelays.JAN_2025);
        relay = new WireMockServer(options().dynamicPort());
        relay.start();
        site = "http://localhost:" + relay.port();
        flow = new OnboardingFlow(store, upstream, Catalog.bundled(), ChannelRelays.JAN_2025,
                Messages.of("en", Locale.ENGLISH));
    }

    @AfterEach
    void close() {
        relay.stop();
        store.close();
    }

    @Test
    void suggestsANameFromTheHostUniqueAmongTheChannels() {
        assertEquals("deepseek", OnboardingFlow.suggestName("https://api.deepseek.com/v1", List.of()));
        assertEquals("openrouter", OnboardingFlow.suggestName("openrouter.ai/api/v1", List.of()));
        assertEquals("example", OnboardingFlow.suggestName("https://relay.example.com", List.of()));
        assertEquals("deepseek-2", OnboardingFlow.suggestName("https://api.deepseek.com", List.of("DeepSeek")));
        assertEquals("deepseek-3", OnboardingFlow.suggestName("https://api.deepseek.com",
                List.of("deepseek", "deepseek-2")));
        assertEquals("localhost-8080", OnboardingFlow.suggestName("http://localhost:8080/v1", List.of()));
        assertEquals("channel", OnboardingFlow.suggestName("", List.of()));
        assertEquals("channel", OnboardingFlow.suggestName("http://", List.of()));
    }

    @Test
    void detectsAnOpenAiRelayAndSuggestsItsV1Base() {
        ChannelRelays.listsThreeModels(relay);

        var d = flow.detect(site, ChannelRelays.KEY, null);

        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site + "/v1", d.suggested());
        assertTrue(d.differs(), "the site root is not the base");
        assertNull(d.problem());
        assertTrue(d.verdict().startsWith("Detected openai at " + site + "/v1"), d::verdict);
        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"), d.models());
        assertTrue(d.probes().stream().anyMatch(p -> p.url().equals(site + "/v1/models") && p.status().equals("200")
                && p.outcome().equals("models: 3") && p.good()), d.probes()::toString);
        assertTrue(d.probes().stream().anyMatch(p -> p.status().equals("401") && !p.good()));
        for (var p : d.probes()) {
            assertFalse(p.url().contains(ChannelRelays.KEY) || p.outcome().contains(ChannelRelays.KEY));
            assertTrue(p.ms().endsWith(" ms"), p::ms);
        }
        assertEquals(site + "/v1", OnboardingFlow.baseFor(d, true, site), "accepted by default");
        assertEquals(site, OnboardingFlow.baseFor(d, false, site), "kept as given when declined");
        assertEquals(ApiType.OPENAI, OnboardingFlow.typeFor(null, d));
        assertEquals(ApiType.ANTHROPIC, OnboardingFlow.typeFor(ApiType.ANTHROPIC, d), "the person's choice wins");
        assertTrue(store.channels().list().isEmpty(), "detection saves nothing");
    }

    @Test
    void detectListsTheModelsAtOnceWithTheProposedOnesTicked() {
        ChannelRelays.listsThreeModels(relay);

        var d = flow.detect(site, ChannelRelays.KEY, null);

        assertNull(d.listing().problem());
        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"),
                d.listing().models().stream().map(OnboardingFlow.ModelChoice::id).toList());
        assertEquals(List.of("claude-3-5-sonnet-20241022", "house-model"), d.listing().proposed());
        assertFalse(d.refusal().refused());
        assertEquals(1, relay.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1/models")
                        && e.getRequest().containsHeader("Authorization")).count(), "no second round of probes");
    }

    @Test
    void inChineseTheVerdictAndEveryProbeOutcomeAreChinese() {
        ChannelRelays.listsThreeModels(relay);
        var zh = new OnboardingFlow(store, upstream, Catalog.bundled(), ChannelRelays.JAN_2025,
                Messages.of("zh", Locale.ENGLISH));

        var d = zh.detect(site, ChannelRelays.KEY, null);

        assertTrue(d.verdict().startsWith("检测到 openai，位于 " + site + "/v1"), d::verdict);
        assertTrue(d.verdict().contains("建议的 Base URL"), d::verdict);
        assertTrue(d.probes().stream().anyMatch(p -> p.outcome().equals("模型：3")), d.probes()::toString);
        assertTrue(d.probes().stream().anyMatch(p -> p.outcome().equals("密钥被拒绝")), d.probes()::toString);
        var rejected = zh.detect(site + "/v1", ChannelRelays.OTHER_KEY, null);
        assertTrue(rejected.problem().startsWith("上游拒绝了该密钥"), rejected::problem);
    }

    @Test
    void aSavedChannelGainsTheTickedModelsItLacksAndKeepsTheOnesItHas() {
        ChannelRelays.listsThreeModels(relay);
        var channel = flow.save(OnboardingFlow.draft("relay", ApiType.OPENAI, site + "/v1", ChannelRelays.KEY),
                List.of("gpt-3.5-turbo"));

        var l = flow.modelsOf(channel);

        var gpt = l.models().get(1);
        assertEquals(Onboarding.Reason.ALREADY_ADDED, gpt.reason());
        assertTrue(gpt.proposed(), "what it has stays ticked");
        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"), l.proposed());
        assertEquals(List.of("claude-3-5-sonnet-20241022", "house-model"), flow.addModels(channel, l.proposed()));
        assertEquals(List.of("relay/gpt-3.5-turbo", "relay/claude-3-5-sonnet-20241022", "relay/house-model"),
                store.snapshot().group("auto").orElseThrow().memberIds().stream()
                        .map(id -> store.snapshot().entries().stream().filter(e -> e.id() == id).findFirst()
                                .orElseThrow().ref()).toList(), "the added ones join auto after it");
        assertEquals(List.of(), flow.addModels(channel, l.proposed()), "nothing twice");
    }

    @Test
    void aRejectedKeyIsSaidInWordsNamingTheHost() {
        ChannelRelays.rejectsEverything(relay);

        var d = flow.detect(site + "/v1", ChannelRelays.OTHER_KEY, null);

        assertFalse(d.found());
        assertEquals("The upstream rejected the key: localhost:" + relay.port() + " answered HTTP 401. Check the key,"
                + " and that it is for this provider.", d.problem());
        assertEquals(ApiType.OPENAI, OnboardingFlow.typeFor(null, d), "saved as openai, as the CLI does with --force");
        assertEquals(Onboarding.Refusal.KEY_REJECTED, d.refusal().refusal());
        assertTrue(flow.refusalQuestion(d).startsWith(d.problem()), "Save asks before saving it anyway");
        assertEquals(site + "/v1", OnboardingFlow.baseFor(d, true, site + "/v1"));
    }

    @Test
    void anUnreachableHostIsNamed() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        var d = flow.detect("http://127.0.0.1:" + port + "/v1", ChannelRelays.KEY, null);

        assertFalse(d.found());
        assertTrue(d.problem().startsWith("Cannot reach 127.0.0.1:" + port + ": unreachable"), d::problem);
        assertFalse(d.probes().isEmpty());
        assertTrue(d.probes().stream().allMatch(p -> p.status().equals("-")));
    }

    @Test
    void anEmptyKeyOrUrlIsRefusedBeforeAnyProbe() {
        var noKey = assertThrows(StoreException.class, () -> flow.detect(site, " ", null));
        assertEquals("Paste the API key first.", noKey.getMessage());
        var noUrl = assertThrows(StoreException.class, () -> flow.detect("", ChannelRelays.KEY, null));
        assertTrue(noUrl.getMessage().startsWith("Paste the URL first"));
        assertTrue(relay.getAllServeEvents().isEmpty());
    }

    @Test
    void fetchProposesTheModelsReleasedWithinRecentMonthsWithCatalogFacts() {
        ChannelRelays.listsThreeModels(relay);

        var l = flow.fetchModels("relay", ApiType.OPENAI, site + "/v1", ChannelRelays.KEY);

        assertNull(l.problem());
        assertEquals(6, l.months());
        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"),
                l.models().stream().map(OnboardingFlow.ModelChoice::id).toList());
        assertEquals(List.of("claude-3-5-sonnet-20241022", "house-model"), l.proposed(),
                "house-model is new to the catalog, and the relay dates none of its models");
        var sonnet = l.models().get(0);
        assertEquals(LocalDate.of(2024, 10, 22), sonnet.released());
        assertEquals(200_000, sonnet.context());
        assertTrue(sonnet.vision() && sonnet.tools() && !sonnet.reasoning());
        var turbo = l.models().get(1);
        assertEquals(LocalDate.of(2023, 3, 1), turbo.released());
        assertFalse(turbo.proposed() || turbo.vision() || turbo.tools());
        assertFalse(l.models().get(2).known(), "the catalog does not know house-model");
        assertEquals(Onboarding.Reason.NEW_TO_CATALOG, l.models().get(2).reason());
        assertTrue(store.channels().list().isEmpty(), "fetching saves nothing");

        // the setting decides: a month later, 3 months no longer reach back to October 22nd
        var february = new OnboardingFlow(store, upstream, Catalog.bundled(),
                java.time.Clock.fixed(java.time.Instant.parse("2025-02-15T10:00:00Z"), java.time.ZoneOffset.UTC),
                Messages.of("en", Locale.ENGLISH));
        store.settings().set(Setting.RECENT_MONTHS, "3");
        var fewer = february.fetchModels("relay", ApiType.OPENAI, site + "/v1", ChannelRelays.KEY);
        assertEquals(List.of("house-model"), fewer.proposed());
        assertEquals(3, fewer.months());
    }

    @Test
    void fetchWithARejectedKeySaysSo() {
        ChannelRelays.listsThreeModels(relay);

        var l = flow.fetchModels("relay", ApiType.OPENAI, site + "/v1", ChannelRelays.OTHER_KEY);

        assertTrue(l.models().isEmpty());
        assertTrue(l.problem().startsWith("The upstream rejected the key: localhost:" + relay.port()), l::problem);
    }

    @Test
    void aModelNamedByHandIsTickedWithItsFacts() {
        var m = flow.byHand("  gpt-4o-mini ");
        assertEquals("gpt-4o-mini", m.id());
        assertTrue(m.proposed());
        assertEquals(LocalDate.of(2024, 7, 18), m.released());
        assertThrows(StoreException.class, () -> flow.byHand(" "));
    }

    @Test
    void saveCreatesTheChannelWithTheTickedModelsInAuto() {
        var created = flow.save(OnboardingFlow.draft(" relay ", ApiType.OPENAI, site + "/v1", ChannelRelays.KEY),
                List.of("claude-3-5-sonnet-20241022", "house-model"));

        assertEquals("relay", created.name());
        var snapshot = store.snapshot();
        assertEquals(List.of("relay/claude-3-5-sonnet-20241022", "relay/house-model"),
                snapshot.entries().stream().map(e -> e.ref()).toList());
        var auto = snapshot.group("auto").orElseThrow().memberIds();
        assertEquals(snapshot.entries().stream().map(e -> e.id()).toList(), auto);
        assertEquals(ChannelRelays.KEY, store.channels().get("relay").keys().get(0).reveal());
    }

    @Test
    void aModelThatCannotBeAddedLeavesNoHalfMadeChannel() {
        var e = assertThrows(StoreException.class, () -> flow.save(
                OnboardingFlow.draft("relay", ApiType.OPENAI, site + "/v1", ChannelRelays.KEY),
                List.of("good-model", "bad\u0001model")));

        assertTrue(e.getMessage().endsWith("The channel was not added; fix that and save again."), e::getMessage);
        assertTrue(store.channels().list().isEmpty());
        assertTrue(store.entries().list().isEmpty());
    }

    @Test
    void aTakenNameIsRefusedAndTheExistingChannelIsLeftAlone() {
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://first.example.com/v1",
                List.of(ChannelRelays.KEY)));
        store.entries().add("relay", "first-model", null, true);

        var e = assertThrows(StoreException.class, () -> flow.save(
                OnboardingFlow.draft("Relay", ApiType.OPENAI, site + "/v1", ChannelRelays.OTHER_KEY),
                List.of("other-model")));

        assertTrue(e.getMessage().contains("already exists"), e::getMessage);
        assertEquals("https://first.example.com/v1", store.channels().get("relay").baseUrl());
        assertEquals(List.of("relay/first-model"), store.entries().list().stream().map(x -> x.ref()).toList());
    }
}
