package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** OpenAI-compatible relays for the channels tab's tests, shaped like those in the discovery tests. */
final class ChannelRelays {
    static final String KEY = "test-key-alpha-0123456789";
    static final String OTHER_KEY = "test-key-bravo-0123456789";
    /** "Today" for the recent-model proposal: with the default 6 months, claude-3-5-sonnet-20241022 is recent. */
    static final Clock JAN_2025 = Clock.fixed(Instant.parse("2025-01-15T10:00:00Z"), ZoneOffset.UTC);
    /** Three models: one recent by the catalog (2024-10-22), one old (2023-03-01), one the catalog does not know. */
    static final String THREE_MODELS = "{\"object\":\"list\",\"data\":["
            + "{\"id\":\"claude-3-5-sonnet-20241022\",\"object\":\"model\",\"owned_by\":\"relay\"},"
            + "{\"id\":\"gpt-3.5-turbo\",\"object\":\"model\",\"owned_by\":\"relay\"},"
            + "{\"id\":\"house-model\",\"object\":\"model\",\"owned_by\":\"relay\"}]}";
    private static final String REJECTED = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":"
            + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

    private ChannelRelays() {
    }

    /** Lists the three models at /v1/models for {@link #KEY}; any other key is refused with 401. */
    static void listsThreeModels(WireMockServer w) {
        w.stubFor(get(urlPathEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson(THREE_MODELS)));
        w.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401).withBody(REJECTED)));
    }

    static void rejectsEverything(WireMockServer w) {
        w.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withBody(REJECTED)));
    }

    /** Streams a short answer for {@code model}'s chat completions. */
    static void streams(WireMockServer w, String model) throws IOException {
        w.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"model\":\"" + model + "\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(resource("sse/openai-chat-stream.txt"))));
    }

    /** Answers {@code model}'s chat completions with a 404 "no such model". */
    static void missing(WireMockServer w, String model) {
        w.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"model\":\"" + model + "\""))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The model `" + model + "` does not exist\","
                                + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}")));
    }

    private static String resource(String path) throws IOException {
        try (var in = ChannelRelays.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
