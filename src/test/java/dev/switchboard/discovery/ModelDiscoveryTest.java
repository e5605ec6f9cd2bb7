package dev.switchboard.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.discovery.Relays.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.upstream.UpstreamClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelDiscoveryTest {
    static UpstreamClient client;
    WireMockServer w;
    String site;
    ModelDiscovery discovery;

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
        w = new WireMockServer(options().dynamicPort());
        w.start();
        site = "http://localhost:" + w.port();
        discovery = new ModelDiscovery(client, Duration.ofSeconds(3), Duration.ofSeconds(15), 8);
    }

    @AfterEach
    void stop() {
        w.stop();
    }

    private static Channel channel(ApiType type, String base, Map<String, String> headers) {
        return new Channel(1, "c", type, base, List.of(ApiKey.of(KEY)), headers, null, Map.of(), true);
    }

    private ModelDiscovery.Listing list(Channel c) {
        var l = discovery.list(c);
        assertFalse(l.verdict().contains(KEY), l::verdict);
        l.evidence().forEach(p -> assertFalse(p.url().contains(KEY) || p.outcome().contains(KEY), p::toString));
        return l;
    }

    @Test
    void everyBaseThatAnswersIsMergedWithoutDuplicates() {
        Relays.openAiListAt(w, "/v1/models", "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
        Relays.openAiListAt(w, "/models", "{\"object\":\"list\",\"data\":[{\"id\":\"b\"},{\"id\":\"c\"}]}");
        assertEquals(List.of("a", "b", "c"), discovery.fetch(channel(ApiType.OPENAI, site + "/v1", Map.of())));
    }

    @Test
    void anthropicGeminiAndAzureListsAreReadInTheirOwnShapes() {
        Relays.anthropic(w);
        Relays.gemini(w);
        w.stubFor(get(urlPathEqualTo("/openai/deployments")).withHeader("api-key", equalTo(KEY))
                .willReturn(okJson(Relays.AZURE_LIST)));
        assertEquals(List.of("claude-sonnet-4-5"), list(channel(ApiType.ANTHROPIC, site, Map.of())).models());
        assertEquals(List.of("gemini-2.5-pro", "gemini-2.5-flash"),
                list(channel(ApiType.GEMINI, site + "/v1beta", Map.of())).models());
        assertEquals(List.of("my-gpt4o"), list(channel(ApiType.AZURE, site + "/openai", Map.of())).models());
    }

    @Test
    void theChannelsExtraHeadersAreSent() {
        w.stubFor(get(urlPathEqualTo("/v1/models")).withHeader("X-Tenant", equalTo("t1"))
                .willReturn(okJson(Relays.OPENAI_LIST)));
        assertEquals(List.of(), discovery.fetch(channel(ApiType.OPENAI, site + "/v1", Map.of())));
        assertEquals(2, discovery.fetch(channel(ApiType.OPENAI, site + "/v1", Map.of("X-Tenant", "t1"))).size());
    }

    @Test
    void aRelayWithoutAListSaysToAddModelsByHand() {
        Relays.chatOnly(w);
        var l = list(channel(ApiType.OPENAI, site + "/v1", Map.of()));
        assertEquals(List.of(), l.models());
        assertTrue(l.verdict().contains("by hand"), l.verdict());
    }

    @Test
    void aRejectedKeySaysSo() {
        Relays.rejectEverything(w);
        var l = list(channel(ApiType.OPENAI, site + "/v1", Map.of()));
        assertTrue(l.verdict().startsWith("key rejected"), l.verdict());
    }
}
