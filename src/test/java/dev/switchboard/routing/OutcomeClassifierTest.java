package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.routing.Outcome.ClientError;
import dev.switchboard.routing.Outcome.Credential;
import dev.switchboard.routing.Outcome.MissingModel;
import dev.switchboard.routing.Outcome.Transient;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OutcomeClassifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final OutcomeClassifier classifier =
            new OutcomeClassifier(Settings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> upstreamAnswers() {
        return Stream.of(
                // --- OpenAI
                Arguments.of("openai ok", 200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}", "Success"),
                Arguments.of("openai bad key", 401, """
                        {"error":{"message":"Incorrect API key provided: sk-proj-FAKE-test-only-0001. You can find \
                        your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error",\
                        "param":null,"code":"invalid_api_key"}}""", "Credential"),
                Arguments.of("openai quota gone, said as 429", 429, """
                        {"error":{"message":"You exceeded your current quota, please check your plan and billing \
                        details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""",
                        "Credential"),
                Arguments.of("openai rate limit", 429, """
                        {"error":{"message":"Rate limit reached for gpt-4o in organization org-abc on tokens per min \
                        (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 2s.","type":"tokens",\
                        "param":null,"code":"rate_limit_exceeded"}}""", "Transient"),
                Arguments.of("openai unknown model", 404, """
                        {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",\
                        "type":"invalid_request_error","param":null,"code":"model_not_found"}}""", "MissingModel"),
                Arguments.of("openai invalid model as 400", 400, """
                        {"error":{"message":"invalid model ID","type":"invalid_request_error","param":null,\
                        "code":null}}""", "MissingModel"),
                Arguments.of("openai context too long", 400, """
                        {"error":{"message":"This model's maximum context length is 128000 tokens. However, your \
                        messages resulted in 130412 tokens.","type":"invalid_request_error","param":"messages",\
                        "code":"context_length_exceeded"}}""", "ClientError"),
                Arguments.of("openai parameter unsupported by the model", 400, """
                        {"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. \
                        Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens",\
                        "code":"unsupported_parameter"}}""", "ClientError"),
                Arguments.of("openai server error", 500, """
                        {"error":{"message":"The server had an error while processing your request. Sorry about \
                        that!","type":"server_error","param":null,"code":null}}""", "Transient"),
                Arguments.of("openai deactivated account", 403, """
                        {"error":{"message":"Your account has been deactivated.","type":"invalid_request_error"}}""",
                        "Credential"),
                // --- Anthropic
                Arguments.of("anthropic bad key", 401, """
                        {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""",
                        "Credential"),
                Arguments.of("anthropic credit balance, said as 400", 400, """
                        {"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too \
                        low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase \
                        credits."}}""", "Credential"),
                Arguments.of("anthropic overloaded", 529, """
                        {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", "Transient"),
                Arguments.of("anthropic unknown model", 404, """
                        {"type":"error","error":{"type":"not_found_error","message":"model: claude-3-opus-2099"}}""",
                        "MissingModel"),
                Arguments.of("anthropic too large", 413, """
                        {"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum \
                        allowed number of bytes."}}""", "ClientError"),
                Arguments.of("anthropic bad request", 400, """
                        {"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must \
                        alternate between \\"user\\" and \\"assistant\\""}}""", "ClientError"),
                // --- Gemini
                Arguments.of("gemini bad key, said as 400", 400, """
                        {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",\
                        "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
                        "reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""", "Credential"),
                Arguments.of("gemini unknown model", 404, """
                        {"error":{"code":404,"message":"models/gemini-9-pro is not found for API version v1beta, or \
                        is not supported for generateContent. Call ListModels to see the list of available models \
                        and their supported methods.","status":"NOT_FOUND"}}""", "MissingModel"),
                Arguments.of("gemini per-minute limit, worded like an empty account", 429, """
                        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and \
                        billing details. For more information on this error, head to: \
                        https://ai.google.dev/gemini-api/docs/rate-limits.","status":"RESOURCE_EXHAUSTED","details":\
                        [{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"13s"}]}}""", "Transient"),
                Arguments.of("gemini overloaded", 503, """
                        {"error":{"code":503,"message":"The model is overloaded. Please try again later.",\
                        "status":"UNAVAILABLE"}}""", "Transient"),
                Arguments.of("gemini bad argument", 400, """
                        {"error":{"code":400,"message":"* GenerateContentRequest.contents: contents is not \
                        specified\\n","status":"INVALID_ARGUMENT"}}""", "ClientError"),
                // --- OpenAI-compatible relays (one-api / new-api and others)
                Arguments.of("relay no channel for the model, said as 503", 503, """
                        {"error":{"message":"当前分组 default 下对于模型 gpt-5 无可用渠道 (request id: 2025)",\
                        "type":"new_api_error","param":"","code":"model_not_found"}}""", "MissingModel"),
                Arguments.of("relay user quota gone, said as 403", 403, """
                        {"error":{"message":"用户额度不足, 剩余额度: $0.0001","type":"new_api_error",\
                        "code":"insufficient_user_quota"}}""", "Credential"),
                Arguments.of("relay quota gone, said as 500", 500, """
                        {"error":{"message":"insufficient balance","type":"upstream_error"}}""", "Credential"),
                Arguments.of("relay unknown model as 400", 400, """
                        {"error":{"message":"Unknown model: deepseek-r9","type":"invalid_request_error"}}""",
                        "MissingModel"),
                Arguments.of("ollama model not found", 404, "{\"error\":\"model 'llama9' not found\"}",
                        "MissingModel"),
                Arguments.of("openrouter out of credits", 402, """
                        {"error":{"message":"Insufficient credits. Add more using \
                        https://openrouter.ai/settings/credits","code":402}}""", "Credential"),
                Arguments.of("relay bad gateway, html", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>",
                        "Transient"),
                Arguments.of("gone", 410, "", "Credential"),
                Arguments.of("request timeout", 408, "", "Transient"),
                Arguments.of("unprocessable", 422, "{\"detail\":[{\"msg\":\"field required\"}]}", "ClientError"),
                Arguments.of("other 4xx", 418, "I'm a teapot", "ClientError"),
                Arguments.of("unfollowed redirect", 302, "", "Transient"),
                Arguments.of("a good answer that talks about billing", 200, """
                        {"choices":[{"message":{"role":"assistant","content":"Your billing is fine; the model is \
                        not found in the list? No such model exists."}}]}""", "Success"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("upstreamAnswers")
    void classifiesRealUpstreamAnswers(String what, int status, String body, String expected) {
        var outcome = classifier.classify(UpstreamResult.http(status, Map.of(), body));

        assertEquals(expected, outcome.getClass().getSimpleName(), what + ": " + outcome);
    }

    static Stream<Arguments> badSuccesses() {
        return Stream.of(
                Arguments.of("empty body", null, "Transient"),
                Arguments.of("error event", """
                        {"error":{"message":"upstream error: do request failed","type":"new_api_error"}}""",
                        "Transient"),
                Arguments.of("anthropic overloaded event", """
                        event: error
                        data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
                        "Transient"),
                Arguments.of("quota event", """
                        {"error":{"message":"insufficient_user_quota","type":"new_api_error"}}""", "Credential"),
                Arguments.of("model event", """
                        {"error":{"message":"The model `x` does not exist","type":"invalid_request_error"}}""",
                        "MissingModel"));
    }

    @ParameterizedTest(name = "2xx with {0} -> {2}")
    @MethodSource("badSuccesses")
    void aSuccessStatusWithAnEmptyOrErrorFirstEventIsNoSuccess(String what, String body, String expected) {
        var outcome = classifier.classify(UpstreamResult.emptyOrErrorEvent(200, body));

        assertEquals(expected, outcome.getClass().getSimpleName(), what + ": " + outcome);
    }

    @Test
    void takesGeminisRetryDelayWhenThereIsNoRetryAfterHeader() {
        var outcome = classifier.classify(UpstreamResult.http(429, Map.of(), """
                {"error":{"code":429,"message":"Quota exceeded for metric generate_content_free_tier_requests",\
                "status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo",\
                "retryDelay":"37s"}]}}"""));

        assertEquals(Duration.ofSeconds(37), ((Transient) outcome).retryAfter());
    }

    @Test
    void transportFailuresAreTransientWithAShortReason() {
        var refused = classifier.classify(UpstreamResult.transportFailure(
                new CompletionException(new ConnectException("Connection refused"))));
        var timeout = classifier.classify(UpstreamResult.transportFailure(new TimeoutException("Total timeout 120000 ms elapsed")));
        var readTimeout = classifier.classify(UpstreamResult.transportFailure(new SocketTimeoutException("Read timed out")));
        var reset = classifier.classify(UpstreamResult.transportFailure(new IOException("Connection reset")));

        assertEquals(new Transient("could not connect: Connection refused", null), refused);
        assertEquals(new Transient("timed out before the first byte: Total timeout 120000 ms elapsed", null), timeout);
        assertEquals(new Transient("timed out before the first byte: Read timed out", null), readTimeout);
        assertEquals(new Transient("connection failed (IOException): Connection reset", null), reset);
    }

    @ParameterizedTest(name = "{0}: Retry-After \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            429 | 120                           | PT2M
            429 | 0                             | PT0S
            429 | Sun, 01 Mar 2026 12:05:00 GMT | PT5M
            429 | Sunday, 01-Mar-26 12:00:30 GMT | PT30S
            429 | Sun Mar  1 12:01:00 2026      | PT1M
            429 | Sun, 01 Mar 2026 11:00:00 GMT | PT0S
            429 | 99999999999                   | PT24H
            429 | soon                          | null
            429 | null                          | null
            503 | 60                            | PT1M
            500 | 60                            | null
            """)
    void readsRetryAfterAsSecondsOrHttpDate(int status, String header, Duration expected) {
        var headers = header == null ? Map.<String, String>of() : Map.of("Retry-After", header);

        var outcome = classifier.classify(UpstreamResult.http(status, headers, ""));

        var t = assertInstanceOf(Transient.class, outcome);
        assertEquals(expected, t.retryAfter());
    }

    @Test
    void keywordListComesFromTheSettings() {
        var body = "{\"error\":{\"message\":\"Your plan ran dry: top up please\"}}";
        assertInstanceOf(ClientError.class, classifier.classify(UpstreamResult.http(400, Map.of(), body)));

        var edited = new OutcomeClassifier(Settings.of(Map.of(Setting.AUTO_DISABLE_KEYWORDS, "ran dry, top up")));

        assertInstanceOf(Credential.class, edited.classify(UpstreamResult.http(400, Map.of(), body)));
        // The defaults no longer apply once replaced.
        assertInstanceOf(Transient.class, edited.classify(UpstreamResult.http(429, Map.of(),
                "{\"error\":{\"code\":\"insufficient_quota\"}}")));
    }

    @Test
    void statusListComesFromTheSettings() {
        var edited = new OutcomeClassifier(Settings.of(Map.of(Setting.AUTO_DISABLE_STATUSES, "401,451")));

        assertInstanceOf(Credential.class, edited.classify(UpstreamResult.http(451, Map.of(), "")));
        assertInstanceOf(ClientError.class, edited.classify(UpstreamResult.http(403, Map.of(), "")));
    }

    @Test
    void reasonIsTheErrorMessageRedactedAndShort() {
        var body = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-FAKE-not-a-real-key-test-0002. "
                + "x".repeat(1000) + "\",\"code\":\"invalid_api_key\"}}";

        var outcome = assertInstanceOf(Credential.class, classifier.classify(UpstreamResult.http(401, Map.of(), body)));

        assertTrue(outcome.reason().startsWith("HTTP 401: Incorrect API key provided: sk-p"), outcome.reason());
        assertFalse(outcome.reason().contains("FAKE-not-a-real-key-test"), outcome.reason());
        assertTrue(outcome.reason().length() <= OutcomeClassifier.REASON_LIMIT, "length " + outcome.reason().length());
    }

    @Test
    void reasonOfANonJsonBodyIsTheBodyOnOneLine() {
        var outcome = classifier.classify(UpstreamResult.http(404, Map.of(), "404 page\n  not   found\n"));

        assertEquals(new MissingModel("HTTP 404: 404 page not found"), outcome);
    }

    @Test
    void reasonWithoutABodyIsTheStatus() {
        assertEquals(new Credential("HTTP 401"), classifier.classify(UpstreamResult.http(401, Map.of(), null)));
        assertEquals(new Transient("HTTP 200 with an empty answer", null),
                classifier.classify(UpstreamResult.emptyOrErrorEvent(200, "")));
    }

    @Test
    void clientErrorsCarryTheirStatus() {
        assertEquals(new ClientError(422), classifier.classify(UpstreamResult.http(422, Map.of(), "{}")));
    }
}
