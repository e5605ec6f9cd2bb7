package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which error shape a path's caller reads, however the path was spelled. */
class ClientProtocolPathTest {
    @ParameterizedTest
    @CsvSource({
        "/v1/chat/completions, CHAT",
        "/chat/completions, CHAT",
        "/v1/models, CHAT",
        "/v1/models/gpt-4o, CHAT",
        "/admin/channels, CHAT",
        "/v1/routing/status, CHAT",
        "/, CHAT",
        "/v1/responses, RESPONSES",
        "/responses/resp_1, RESPONSES",
        "/v1/messages, MESSAGES",
        "/v1/messages?beta=true, MESSAGES",
        "/v1/messages/count_tokens, MESSAGES",
        "/messages, MESSAGES",
        "//v1//messages, MESSAGES",
        "'\\v1\\messages', MESSAGES",
        "/v1/messages/%2e%2e/x, MESSAGES",
        "http://127.0.0.1:9090/v1/messages, MESSAGES",
        "/v1beta/models, GEMINI",
        "/v1beta/models/gemini-2.5-pro:generateContent, GEMINI",
        "/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse, GEMINI",
        "http://localhost/v1beta/models/x%2Fy:generateContent, GEMINI",
        "/v1/chat/completions?next=/v1/messages, CHAT",
        "/v1/models?x=a:b, CHAT",
        "*, CHAT",
    })
    void picksTheProtocolByPath(String target, ClientProtocol expected) {
        assertEquals(expected, ClientProtocol.forPath(target));
    }

    @Test
    void anUnknownPathGetsOpenAisShape() {
        assertEquals(ClientProtocol.CHAT, ClientProtocol.forPath(null));
        assertEquals(ClientProtocol.CHAT, ClientProtocol.forPath(""));
        assertEquals(ClientProtocol.CHAT, ClientProtocol.forPath("http://host"));
    }
}
