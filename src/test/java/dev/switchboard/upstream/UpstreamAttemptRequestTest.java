package dev.switchboard.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one try's request is put together from the API type, the client's negotiation and the channel (PASSTHROUGH.md). */
class UpstreamAttemptRequestTest {
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private static Channel channel(ApiType type, String base, Map<String, String> headers) {
        return new Channel(1, "c", type, base, List.of(ApiKey.of("sk-test-channel-key")), headers, null, Map.of(),
                true);
    }

    private static UpstreamRequest request(Channel channel, Map<String, String> client, String query) {
        var target = new UpstreamAttempt.Target(channel, "m", 0, BODY, false, client, query);
        return UpstreamAttempt.request(target, Settings.defaults(), null);
    }

    private static String header(UpstreamRequest request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void mergesTheClientsBetasWithTheChannelsEachOnceClientsFirst() {
        var ch = channel(ApiType.ANTHROPIC, "https://api.anthropic.com",
                Map.of("Anthropic-Beta", "context-management-2025-06-27, token-efficient-tools-2025-02-19"));

        var request = request(ch, Map.of("anthropic-beta", "claude-code-20250219,context-management-2025-06-27"),
                null);

        assertEquals("claude-code-20250219,context-management-2025-06-27,token-efficient-tools-2025-02-19",
                header(request, "anthropic-beta"));
        assertEquals(1, request.headers().keySet().stream().filter(k -> k.equalsIgnoreCase("anthropic-beta")).count());
    }

    @Test
    void theChannelsOwnHeaderWinsOverTheClients() {
        var ch = channel(ApiType.ANTHROPIC, "https://api.anthropic.com", Map.of("anthropic-version", "2023-06-01"));

        var request = request(ch, Map.of("anthropic-version", "2026-10-21"), null);

        assertEquals("2023-06-01", header(request, "anthropic-version"));
    }

    @Test
    void theClientsVersionReplacesTheDefaultAndItsKeyHeaderIsNeverOneOfItsOwn() {
        var ch = channel(ApiType.ANTHROPIC, "https://api.anthropic.com", Map.of());

        var request = request(ch, Map.of("anthropic-version", "2026-10-21"), null);

        assertEquals("2026-10-21", header(request, "anthropic-version"));
        assertEquals("sk-test-channel-key", header(request, "x-api-key"));
    }

    @Test
    void keepsTheEndpointsOwnQueryParametersAndAppendsTheClientsOthers() {
        var ch = channel(ApiType.AZURE, "https://res.openai.azure.com", Map.of());

        var request = request(ch, Map.of(), "api-version=2099-01-01&trace=on");

        assertEquals("api-version=2024-10-21&trace=on", request.uri().getRawQuery());
    }

    @Test
    void addsNoQueryWhenTheClientSentNone() {
        var ch = channel(ApiType.ANTHROPIC, "https://api.anthropic.com", Map.of());

        assertNull(request(ch, Map.of(), null).uri().getRawQuery());
        assertEquals("beta=true", request(ch, Map.of(), "beta=true").uri().getRawQuery());
    }
}
