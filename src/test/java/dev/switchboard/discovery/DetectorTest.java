package dev.switchboard.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.discovery.Relays.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiType;
import dev.switchboard.upstream.UpstreamClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Detection against relays shaped like the real ones. Every detection is checked for the key afterwards. */
class DetectorTest {
    static UpstreamClient client;
    WireMockServer w;
    String site;
    Detector detector;
    Detection last;

    @BeforeAll
    static void client() {
        client = UpstreamClient.create();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void start() {
        w = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        w.start();
        site = "http://localhost:" + w.port();
        detector = new Detector(client, Duration.ofSeconds(3), Duration.ofSeconds(15), 8);
    }

    @AfterEach
    void stop() {
        w.stop();
        if (last != null) {
            assertKeyHidden(last);
        }
    }

    private Detection detect(String url, ApiType preferred) {
        last = detector.detect(url, KEY, preferred);
        return last;
    }

    static void assertKeyHidden(Detection d) {
        assertFalse(d.verdict().contains(KEY), d::verdict);
        for (var p : d.evidence()) {
            assertFalse(p.url().contains(KEY), p::toString);
            assertFalse(p.outcome().contains(KEY), p::toString);
        }
    }

    private static boolean has(Detection d, String url, int status, String outcome) {
        return d.evidence().stream().anyMatch(p -> p.url().equals(url) && p.status() == status
                && p.outcome().startsWith(outcome));
    }

    @Test
    void relayThatNeedsV1IsFoundAtV1() {
        Relays.openAiListAt(w, "/v1/models", Relays.OPENAI_LIST);
        var d = detect(site, null);
        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site + "/v1", d.baseUrl());
        assertEquals(List.of("gpt-4o", "gpt-4o-mini"), d.models());
        assertTrue(has(d, site + "/v1/models", 200, "models: 2"), d.evidence()::toString);
        assertTrue(has(d, site + "/models", 404, "not found"), d.evidence()::toString);
        assertTrue(d.verdict().contains("Suggested base URL: " + site + "/v1"), d.verdict());
    }

    @Test
    void relayThatMustNotHaveV1IsFoundWithoutIt() {
        Relays.openAiListAt(w, "/models", Relays.OPENAI_LIST);
        var d = detect(site + "/v1", null);
        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site, d.baseUrl());
        assertEquals(2, d.models().size());
    }

    @Test
    void relayWithModelsUnderApiIsFoundThere() {
        Relays.openAiListAt(w, "/api/models", Relays.OPENAI_LIST);
        var d = detect(site, null);
        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site + "/api", d.baseUrl());
    }

    @Test
    void urlThatAlreadyWorksIsKeptAsGivenAndNotSuggested() {
        Relays.openAiListAt(w, "/v1/models", Relays.OPENAI_LIST);
        var d = detect(site + "/v1/", null);
        assertEquals(site + "/v1", d.baseUrl());
        assertFalse(d.verdict().contains("Suggested"), d.verdict());
    }

    @Test
    void pastedEndpointSuffixIsStripped() {
        Relays.openAiListAt(w, "/v1/models", Relays.OPENAI_LIST);
        var d = detect(site + "/v1/chat/completions", null);
        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site + "/v1", d.baseUrl());
    }

    @Test
    void anthropicOnlyIsAnthropicWithTheSiteAsBase() {
        Relays.anthropic(w);
        var d = detect(site + "/v1", null);
        assertEquals(ApiType.ANTHROPIC, d.type());
        assertEquals(site, d.baseUrl(), "Endpoints adds /v1 to an anthropic base");
        assertEquals(List.of("claude-sonnet-4-5"), d.models());
        assertTrue(has(d, site + "/v1/models", 401, "key rejected"), "the Bearer probe is rejected: " + d.evidence());
    }

    @Test
    void geminiOnlyIsGeminiWithModelsPrefixStripped() {
        Relays.gemini(w);
        var d = detect(site + "/v1beta", null);
        assertEquals(ApiType.GEMINI, d.type());
        assertEquals(site, d.baseUrl());
        assertEquals(List.of("gemini-2.5-pro", "gemini-2.5-flash"), d.models());
    }

    @Test
    void azureIsAzureWithTheResourceUrlAsBase() {
        Relays.azure(w);
        var d = detect(site + "/openai", null);
        assertEquals(ApiType.AZURE, d.type());
        assertEquals(site, d.baseUrl());
        assertEquals(List.of("my-gpt4o"), d.models());
    }

    @Test
    void withNoModelListAnywhereAChatProbeDecides() {
        Relays.chatOnly(w);
        var d = detect(site + "/v1", null);
        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site + "/v1", d.baseUrl());
        assertEquals(List.of(), d.models());
        assertTrue(d.verdict().contains("chat probe"), d.verdict());
        assertTrue(has(d, site + "/v1/chat/completions", 200, "chat answered"), d.evidence()::toString);
    }

    @Test
    void chatProbeFindsAnAnthropicRelayWithoutAList() {
        Relays.messagesOnly(w);
        var d = detect(site, null);
        assertEquals(ApiType.ANTHROPIC, d.type());
        assertEquals(site, d.baseUrl());
    }

    @Test
    void preferredTypeWinsATie() {
        // a relay serving Chat Completions and Responses alike, with no list: the two probes tie
        Relays.chatOnly(w);
        w.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(okJson("{\"id\":\"r\",\"object\":\"response\"}")));
        assertEquals(ApiType.OPENAI, detect(site + "/v1", null).type());
        assertEquals(ApiType.RESPONSES, detect(site + "/v1", ApiType.RESPONSES).type());
    }

    @Test
    void aTypedListBeatsTheSameListUnderAnotherAuth() {
        // relays that ignore which auth header came answer every probe with their OpenAI-shaped list
        w.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(okJson(Relays.OPENAI_LIST)));
        assertEquals(ApiType.OPENAI, detect(site, null).type());
        assertEquals(ApiType.OPENAI, detect(site, ApiType.ANTHROPIC).type(),
                "a list in OpenAI's own shape outranks a preference: the preference only breaks ties");
    }

    @Test
    void keyRejectedEverywhereSaysSo() {
        Relays.rejectEverything(w);
        var d = detect(site + "/v1", null);
        assertNull(d.type());
        assertTrue(d.verdict().startsWith("key rejected"), d.verdict());
        assertTrue(d.evidence().stream().allMatch(p -> p.status() == 401 && p.outcome().equals("key rejected")));
    }

    @Test
    void keyRejectedKeepsThePreferredType() {
        Relays.rejectEverything(w);
        var d = detect(site + "/v1", ApiType.ANTHROPIC);
        assertEquals(ApiType.ANTHROPIC, d.type());
        assertTrue(d.verdict().startsWith("key rejected"), d.verdict());
    }

    @Test
    void unknownHostIsUnreachable() {
        var d = detect("https://no-such-host.invalid/v1", null);
        assertNull(d.type());
        assertTrue(d.verdict().startsWith("unreachable: no-such-host.invalid"), d.verdict());
        assertTrue(d.evidence().stream().allMatch(p -> p.status() == 0 && p.outcome().startsWith("unreachable")),
                d.evidence()::toString);
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var d = detect("http://127.0.0.1:" + port + "/v1", null);
        assertTrue(d.verdict().startsWith("unreachable: 127.0.0.1"), d.verdict());
        assertFalse(d.verdict().contains("failed"), d.verdict());
    }

    @Test
    void untrustedCertificateIsATlsFailure() {
        Relays.openAiListAt(w, "/v1/models", Relays.OPENAI_LIST);
        var d = detect("https://localhost:" + w.httpsPort() + "/v1", null);
        assertNull(d.type());
        assertTrue(d.verdict().startsWith("TLS failure: localhost"), d.verdict());
        assertTrue(d.evidence().stream().allMatch(p -> p.outcome().startsWith("TLS failure")), d.evidence()::toString);
    }

    @Test
    void aSlowProbeTimesOutWhileTheOthersDecide() {
        detector = new Detector(client, Duration.ofMillis(400), Duration.ofSeconds(15), 8);
        w.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(okJson(Relays.OPENAI_LIST).withFixedDelay(5_000)));
        w.stubFor(get(urlPathEqualTo("/models")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson(Relays.OPENAI_LIST)));
        var d = detect(site + "/v1", null);
        assertEquals(ApiType.OPENAI, d.type());
        assertEquals(site, d.baseUrl());
        assertTrue(has(d, site + "/v1/models", 0, "timeout"), d.evidence()::toString);
    }

    @Test
    void evidenceNamesEveryTypeAndPath() {
        Relays.openAiListAt(w, "/v1/models", Relays.OPENAI_LIST);
        var d = detect(site, null);
        var urls = d.evidence().stream().map(Probe::url).toList();
        for (var path : List.of("/v1/models", "/models", "/api/models", "/api/v1/models", "/v1beta/models",
                "/openai/deployments?api-version=" + Detector.AZURE_LIST_VERSION)) {
            assertTrue(urls.contains(site + path), () -> path + " not probed: " + urls);
        }
        for (var t : List.of(ApiType.OPENAI, ApiType.ANTHROPIC, ApiType.GEMINI, ApiType.AZURE)) {
            assertTrue(d.evidence().stream().anyMatch(p -> p.type() == t), t::toString);
        }
    }

    @Test
    void aServerErrorIsReportedAsSuchNotAsFailed() {
        w.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(aResponse().withStatus(502)));
        var d = detect(site, null);
        assertNull(d.type());
        assertTrue(d.verdict().startsWith("no API found"), d.verdict());
        assertTrue(d.evidence().stream().allMatch(p -> p.outcome().equals("server error")), d.evidence()::toString);
    }
}
