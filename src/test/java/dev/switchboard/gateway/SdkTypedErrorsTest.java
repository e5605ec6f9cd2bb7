package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.google.genai.errors.ApiException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.switchboard.store.Setting;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error Switchboard answers itself reaches each official SDK as that SDK's own typed error (DESIGN §4): a
 * refusal by the access guard, a body the gateway refuses, a model nothing answers to, every candidate rate
 * limited, every candidate down. Each is written by the client protocol's own error encoder, so the OpenAI,
 * Anthropic and Google SDKs each raise the class their users catch, with the gateway's message in it.
 */
@Timeout(60)
class SdkTypedErrorsTest {
    private static final String WEB_PAGE = "http://evil.example";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        gw.bareChannel("down").stubFor(post(urlEqualTo(GatewayFixture.PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody(GatewayFixture.errorBody("overloaded"))));
        gw.store.entries().add("down", "down-model", null, false);
        gw.bareChannel("limited").stubFor(post(urlEqualTo(GatewayFixture.PATH)).willReturn(aResponse()
                .withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "30")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}")));
        gw.store.entries().add("limited", "limited-model", null, false);
        gw.set(Setting.FALLBACK_TO_AUTO, "false");
        gw.start();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    // ---- the clients, each as people configure it, no retries

    private OpenAIClient openai(Map<String, String> headers) {
        var b = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("client-key-unused").maxRetries(0);
        headers.forEach(b::putHeader);
        return b.build();
    }

    private AnthropicClient anthropic(Map<String, String> headers) {
        var b = AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey("client-key-unused").maxRetries(0);
        headers.forEach(b::putHeader);
        return b.build();
    }

    private com.google.genai.Client gemini(Map<String, String> headers) {
        return com.google.genai.Client.builder().apiKey("client-key-unused").httpOptions(HttpOptions.builder()
                .baseUrl(gw.baseUrl()).headers(headers)
                .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    private void chat(String model, Map<String, String> headers) {
        var c = openai(headers);
        try {
            c.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                    .addUserMessage("Say hello").build());
        } finally {
            c.close();
        }
    }

    private void responses(String model, Map<String, String> headers) {
        var c = openai(headers);
        try {
            c.responses().create(ResponseCreateParams.builder().model(model).input("Say hello").build());
        } finally {
            c.close();
        }
    }

    private void messages(String model, Map<String, String> headers) {
        var c = anthropic(headers);
        try {
            c.messages().create(MessageCreateParams.builder().model(model).maxTokens(64)
                    .addUserMessage("Say hello").build());
        } finally {
            c.close();
        }
    }

    private void generate(String model, Map<String, String> headers) {
        try (var c = gemini(headers)) {
            c.models.generateContent(model, "Say hello", null);
        }
    }

    private static void assertGemini(int status, Class<? extends ApiException> type, Runnable call, String says) {
        var e = assertThrows(type, call::run);
        assertEquals(status, e.code());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    private static <T extends Throwable> void assertSays(Class<T> type, Runnable call, String says) {
        var e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    // ---- the cases

    @Test
    void aRefusalByTheAccessGuardIsEachSdksPermissionError() {
        var page = Map.of("Origin", WEB_PAGE);

        assertSays(com.openai.errors.PermissionDeniedException.class, () -> chat("down-model", page), "allowed-origins");
        assertSays(com.openai.errors.PermissionDeniedException.class, () -> responses("down-model", page),
                "allowed-origins");
        assertSays(com.anthropic.errors.PermissionDeniedException.class, () -> messages("down-model", page),
                "allowed-origins");
        assertGemini(403, com.google.genai.errors.ClientException.class, () -> generate("down-model", page),
                "allowed-origins");
    }

    @Test
    void aModelNothingAnswersToIsEachSdksNotFoundError() {
        var none = Map.<String, String>of();

        assertSays(com.openai.errors.NotFoundException.class, () -> chat("no-such-model", none), "no-such-model");
        assertSays(com.openai.errors.NotFoundException.class, () -> responses("no-such-model", none), "no-such-model");
        assertSays(com.anthropic.errors.NotFoundException.class, () -> messages("no-such-model", none),
                "no-such-model");
        assertGemini(404, com.google.genai.errors.ClientException.class, () -> generate("no-such-model", none),
                "no-such-model");
    }

    @Test
    void everyCandidateRateLimitedIsEachSdksRateLimitError() {
        var none = Map.<String, String>of();

        assertSays(com.openai.errors.RateLimitException.class, () -> chat("limited-model", none), "limited/limited-model");
        assertSays(com.openai.errors.RateLimitException.class, () -> responses("limited-model", none),
                "limited/limited-model");
        assertSays(com.anthropic.errors.RateLimitException.class, () -> messages("limited-model", none),
                "limited/limited-model");
        assertGemini(429, com.google.genai.errors.ClientException.class, () -> generate("limited-model", none),
                "limited/limited-model");
    }

    @Test
    void everyCandidateDownIsEachSdksServerError() {
        var none = Map.<String, String>of();

        assertSays(com.openai.errors.InternalServerException.class, () -> chat("down-model", none), "down/down-model");
        assertSays(com.openai.errors.InternalServerException.class, () -> responses("down-model", none),
                "down/down-model");
        assertSays(com.anthropic.errors.InternalServerException.class, () -> messages("down-model", none),
                "down/down-model");
        assertGemini(502, com.google.genai.errors.ServerException.class, () -> generate("down-model", none),
                "down/down-model");
    }

    @Test
    void aBodyTheGatewayRefusesIsEachSdksBadRequest() {
        var openai = openai(Map.of());
        try {
            var e = assertThrows(com.openai.errors.BadRequestException.class, () -> openai.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model("down-model").addUserMessage("Say hello")
                            .putAdditionalBodyProperty("stream", JsonValue.from("yes")).build()));
            assertTrue(e.getMessage().contains("`stream` must be true or false"), e.getMessage());
            assertEquals("stream", e.param().orElseThrow());
        } finally {
            openai.close();
        }
        var anthropic = anthropic(Map.of());
        try {
            var e = assertThrows(com.anthropic.errors.BadRequestException.class, () -> anthropic.messages().create(
                    MessageCreateParams.builder().model("down-model").maxTokens(64).addUserMessage("Say hello")
                            .putAdditionalBodyProperty("messages", com.anthropic.core.JsonValue.from("not a list"))
                            .build()));
            assertTrue(e.getMessage().contains("messages"), e.getMessage());
        } finally {
            anthropic.close();
        }
    }
}
