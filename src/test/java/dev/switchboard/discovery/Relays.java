package dev.switchboard.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/** WireMock stubs shaped like real providers and relays; unmatched requests get WireMock's 404. */
final class Relays {
    static final String KEY = "sk-detect-secret-KEY-0123456789";

    static final String OPENAI_LIST = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\","
            + "\"owned_by\":\"openai\"},{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"owned_by\":\"openai\"}]}";
    static final String ANTHROPIC_LIST = "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\","
            + "\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\"}],"
            + "\"has_more\":false,\"first_id\":\"claude-sonnet-4-5\",\"last_id\":\"claude-sonnet-4-5\"}";
    static final String GEMINI_LIST = "{\"models\":[{\"name\":\"models/gemini-2.5-pro\",\"displayName\":\"Gemini 2.5"
            + " Pro\"},{\"name\":\"models/gemini-2.5-flash\"}],\"nextPageToken\":\"\"}";
    static final String AZURE_LIST = "{\"data\":[{\"id\":\"my-gpt4o\",\"model\":\"gpt-4o\",\"object\":\"deployment\","
            + "\"status\":\"succeeded\"}],\"object\":\"list\"}";
    static final String CHAT_OK = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    static final String MESSAGE_OK = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":1,"
            + "\"output_tokens\":1}}";
    static final String REJECTED = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":"
            + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

    private Relays() {
    }

    /** An OpenAI-compatible relay listing models at {@code path}, checking the Bearer key, rejecting others with 401. */
    static void openAiListAt(WireMockServer w, String path, String body) {
        w.stubFor(get(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + KEY)).willReturn(okJson(body)));
        w.stubFor(get(urlPathEqualTo(path)).atPriority(9).willReturn(aResponse().withStatus(401).withBody(REJECTED)));
    }

    static void anthropic(WireMockServer w) {
        w.stubFor(get(urlPathEqualTo("/v1/models")).withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01")).willReturn(okJson(ANTHROPIC_LIST)));
        // as Anthropic does: a Bearer key is no key at all
        w.stubFor(get(urlPathEqualTo("/v1/models")).atPriority(9).willReturn(aResponse().withStatus(401)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"x-api-key"
                        + " header is required\"}}")));
    }

    static void gemini(WireMockServer w) {
        w.stubFor(get(urlPathEqualTo("/v1beta/models")).withHeader("x-goog-api-key", equalTo(KEY))
                .willReturn(okJson(GEMINI_LIST)));
        w.stubFor(get(urlPathEqualTo("/v1beta/models")).atPriority(9).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\"}}")));
    }

    static void azure(WireMockServer w) {
        w.stubFor(get(urlPathEqualTo("/openai/deployments")).withQueryParam("api-version",
                com.github.tomakehurst.wiremock.client.WireMock.matching(".+")).withHeader("api-key", equalTo(KEY))
                .willReturn(okJson(AZURE_LIST)));
        w.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key\"}}")));
    }

    /** A relay with no model list: only its chat endpoint answers. */
    static void chatOnly(WireMockServer w) {
        w.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson(CHAT_OK)));
    }

    static void messagesOnly(WireMockServer w) {
        w.stubFor(post(urlPathEqualTo("/v1/messages")).withHeader("x-api-key", equalTo(KEY))
                .willReturn(okJson(MESSAGE_OK)));
    }

    static void rejectEverything(WireMockServer w) {
        w.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withBody(REJECTED)));
    }
}
