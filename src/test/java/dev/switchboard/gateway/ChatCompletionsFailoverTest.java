package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.switchboard.gateway.GatewayFixture.PATH;
import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static dev.switchboard.gateway.GatewayFixture.errorBody;
import static dev.switchboard.gateway.GatewayFixture.fails;
import static dev.switchboard.gateway.GatewayFixture.faults;
import static dev.switchboard.gateway.GatewayFixture.fixture;
import static dev.switchboard.gateway.GatewayFixture.streams;
import static dev.switchboard.gateway.GatewayFixture.streamsBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Health;
import dev.switchboard.store.Setting;
import dev.switchboard.store.UsageRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN §3: what each upstream failure does to the request, to the entry's health and to the log. */
class ChatCompletionsFailoverTest {
    /** For the tests that check cooldown ends exactly: the gateway's clock stands still here. */
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String RATE_LIMITED =
            "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
    private static final String BAD_KEY = "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-key-c1.\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    private GatewayFixture start(int channels) {
        gw = GatewayFixture.withChannels(dataDir, channels);
        return gw;
    }

    private GatewayFixture startAtFixedTime(int channels) {
        gw = GatewayFixture.withChannels(dataDir, channels, Clock.fixed(NOW, ZoneOffset.UTC));
        return gw;
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** The second channel answers; asks in the given mode and checks the answer. */
    private void assertAnsweredByC2(boolean stream) {
        if (stream) {
            streams(gw.upstream("c2"), "sse/openai-chat-stream.txt");
            assertEquals("Hello there", gw.askStreaming("auto"));
        } else {
            answers(gw.upstream("c2"));
            assertEquals("Hello there", gw.ask("auto"));
        }
        assertEquals(1, calls(gw.upstream("c1")));
        assertEquals(1, calls(gw.upstream("c2")));
    }

    /** c1 failed transiently and cools down; c2 answered; both attempts are in the one log record. */
    private void assertC1CooledDownAndC2Answered() {
        var c1 = gw.health("c1");
        assertTrue(c1.coolingAt(Instant.now()), "c1 cools down: " + c1);
        assertEquals(1, c1.consecutiveFailures(), c1::toString);
        assertNotNull(c1.lastError());
        assertNull(c1.disabledReason());
        assertFalse(gw.health("c2").coolingAt(Instant.now()));
        var records = gw.usage();
        assertEquals(1, records.size());
        var record = records.get(0);
        assertEquals(LoggedOutcome.SUCCESS, record.outcome());
        assertEquals("c2", record.channelName());
        assertEquals(2, record.attempts().size());
        var first = record.attempts().get(0);
        assertEquals(gw.entryId("c1"), first.entryId());
        assertEquals(LoggedOutcome.TRANSIENT, first.outcome());
        assertNotNull(first.error());
        assertEquals(LoggedOutcome.SUCCESS, record.attempts().get(1).outcome());
        assertEquals(200, record.attempts().get(1).status());
    }

    static Stream<Arguments> transportFaults() {
        return Stream.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE, Fault.MALFORMED_RESPONSE_CHUNK,
                        Fault.RANDOM_DATA_THEN_CLOSE)
                .flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
    }

    @ParameterizedTest(name = "{0}, stream={1}")
    @MethodSource("transportFaults")
    void failsOverOnABrokenConnection(Fault fault, boolean stream) {
        start(2);
        faults(gw.upstream("c1"), fault);

        assertAnsweredByC2(stream);

        assertC1CooledDownAndC2Answered();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 529})
    void failsOverOnAServerError(int status) {
        start(2);
        fails(gw.upstream("c1"), status, errorBody("overloaded"));

        assertAnsweredByC2(false);

        assertC1CooledDownAndC2Answered();
        var attempt = gw.lastUsage().attempts().get(0);
        assertEquals(status, attempt.status());
        assertTrue(attempt.error().contains("overloaded"), attempt.error());
    }

    @Test
    void failsOverOnAServerErrorToAStream() {
        start(2);
        fails(gw.upstream("c1"), 503, errorBody("overloaded"));

        assertAnsweredByC2(true);

        assertC1CooledDownAndC2Answered();
    }

    @Test
    void failsOverWhenAStreamStartsWithAnError() {
        start(2);
        streams(gw.upstream("c1"), "sse/openai-chat-stream-error-first.txt");

        assertAnsweredByC2(true);

        assertC1CooledDownAndC2Answered();
        var attempt = gw.lastUsage().attempts().get(0);
        assertEquals(200, attempt.status());
        assertTrue(attempt.error().contains("The server had an error"), attempt.error());
    }

    @Test
    void failsOverWhenAStreamClosesWithNothing() {
        start(2);
        streamsBody(gw.upstream("c1"), "");

        assertAnsweredByC2(true);

        assertC1CooledDownAndC2Answered();
    }

    @Test
    void failsOverWhenAStreamSendsOnlyDone() {
        start(2);
        streamsBody(gw.upstream("c1"), ": ping\n\ndata: [DONE]\n\n");

        assertAnsweredByC2(true);

        assertC1CooledDownAndC2Answered();
    }

    @Test
    void failsOverWhenA200AnswerIsAnError() {
        start(2);
        fails(gw.upstream("c1"), 200, errorBody("The server had an error while processing your request."));

        assertAnsweredByC2(false);

        assertC1CooledDownAndC2Answered();
        assertTrue(gw.lastUsage().attempts().get(0).error().contains("The server had an error"));
    }

    @Test
    void failsOverWhenA200AnswerIsEmpty() {
        start(2);
        fails(gw.upstream("c1"), 200, "");

        assertAnsweredByC2(false);

        assertC1CooledDownAndC2Answered();
    }

    @Test
    void triesACooledDownEntryAfterTheHealthyOne() {
        start(2);
        fails(gw.upstream("c1"), 503, errorBody("overloaded"));
        answers(gw.upstream("c2"));
        assertEquals("Hello there", gw.ask("auto"));
        // Now c1 would answer and c2 fails: the next request tries c2 first all the same.
        answers(gw.upstream("c1"));
        fails(gw.upstream("c2"), 500, errorBody("broken"));

        assertEquals("Hello there", gw.ask("auto"));

        var attempts = gw.lastUsage().attempts();
        assertEquals(List.of("c2", "c1"), attempts.stream().map(UsageRecord.Attempt::channelName).toList(),
                () -> attempts.toString());
        assertEquals(List.of(LoggedOutcome.TRANSIENT, LoggedOutcome.SUCCESS), attempts.stream().map(UsageRecord.Attempt::outcome).toList());
        assertFalse(gw.health("c1").coolingAt(Instant.now()), "a success clears the cooldown");
        assertEquals(0, gw.health("c1").consecutiveFailures());
    }

    @Test
    void returns400AsIsWithoutFailover() {
        start(2);
        var body = "{\"error\":{\"message\":\"Invalid value for 'temperature': must be at most 2.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}";
        fails(gw.upstream("c1"), 400, body);
        answers(gw.upstream("c2"));

        var raw = gw.post(chatBody("auto", false));
        var e = assertThrows(BadRequestException.class, () -> gw.ask("auto"));

        assertEquals(400, raw.statusCode());
        assertEquals(body, raw.body());
        assertEquals("temperature", e.param().orElseThrow());
        assertEquals(0, calls(gw.upstream("c2")), "a wrong request would fail everywhere");
        assertEquals(Health.fresh(gw.entryId("c1")), gw.health("c1"));
        assertEquals(Health.fresh(gw.entryId("c1")), gw.storedHealth("c1"));
        var record = gw.lastUsage();
        assertEquals(LoggedOutcome.CLIENT_ERROR, record.outcome());
        assertEquals(400, record.status());
        assertEquals(1, record.attempts().size());
        assertEquals(LoggedOutcome.CLIENT_ERROR, record.attempts().get(0).outcome());
    }

    @Test
    void stopsAtTheAttemptsBoundAndAnswers502() {
        start(3);
        gw.set(Setting.MAX_ATTEMPTS, "2");
        for (var c : List.of("c1", "c2", "c3")) {
            fails(gw.upstream(c), 503, errorBody("overloaded " + c));
        }

        var e = assertThrows(InternalServerException.class, () -> gw.ask("auto"));

        assertEquals(502, e.statusCode());
        assertEquals("upstream_unavailable", e.code().orElseThrow());
        assertTrue(e.getMessage().contains("c1/up-model") && e.getMessage().contains("overloaded c1"), e.getMessage());
        assertTrue(e.getMessage().contains("c2/up-model") && e.getMessage().contains("overloaded c2"), e.getMessage());
        assertFalse(e.getMessage().contains("c3/up-model"), e.getMessage());
        assertFalse(e.getMessage().contains("Every candidate"), "c3 was never tried: " + e.getMessage());
        assertTrue(e.getMessage().contains("max-attempts"), e.getMessage());
        assertEquals(1, calls(gw.upstream("c1")));
        assertEquals(1, calls(gw.upstream("c2")));
        assertEquals(0, calls(gw.upstream("c3")));
        assertEquals(Health.fresh(gw.entryId("c3")), gw.health("c3"));
        var record = gw.lastUsage();
        assertEquals(LoggedOutcome.ALL_FAILED, record.outcome());
        assertEquals(502, record.status());
        assertEquals(2, record.attempts().size());
    }

    @Test
    void answersInTheOpenAiErrorShapeWhenEverythingFailed() {
        start(2);
        faults(gw.upstream("c1"), Fault.CONNECTION_RESET_BY_PEER);
        fails(gw.upstream("c2"), 500, errorBody("broken"));

        var raw = gw.post(chatBody("auto", true));

        assertEquals(502, raw.statusCode());
        assertTrue(raw.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        var error = GatewayFixture.json(raw.body()).get("error");
        assertEquals("upstream_error", error.get("type").asText());
        assertEquals("upstream_unavailable", error.get("code").asText());
        assertTrue(error.has("param"));
        assertTrue(error.get("message").asText().startsWith("Every candidate for 'auto' failed"), raw.body());
        assertTrue(error.get("message").asText().contains("c2/up-model"), raw.body());
    }

    @Test
    void returns429WhenEveryCandidateIsRateLimited() {
        start(2);
        fails(gw.upstream("c1"), 429, RATE_LIMITED);
        fails(gw.upstream("c2"), 429, RATE_LIMITED);

        var e = assertThrows(RateLimitException.class, () -> gw.ask("auto"));

        assertEquals(429, e.statusCode());
        assertEquals(1, calls(gw.upstream("c1")));
        assertEquals(1, calls(gw.upstream("c2")));
        assertTrue(gw.health("c1").coolingAt(Instant.now()));
        assertTrue(gw.health("c2").coolingAt(Instant.now()));
        assertEquals(429, gw.lastUsage().status());
    }

    @Test
    void returns502WhenOnlySomeCandidatesWereRateLimited() {
        start(2);
        fails(gw.upstream("c1"), 429, RATE_LIMITED);
        fails(gw.upstream("c2"), 503, errorBody("overloaded"));

        var e = assertThrows(InternalServerException.class, () -> gw.ask("auto"));

        assertEquals(502, e.statusCode());
    }

    private static void rateLimits(WireMockServer wm, String retryAfter) {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)
                .withHeader("Content-Type", "application/json").withBody(RATE_LIMITED)));
    }

    @Test
    void coolsDownEntryUntilRetryAfterWhenLongerThanTheBase() {
        startAtFixedTime(2);
        rateLimits(gw.upstream("c1"), "600");

        assertAnsweredByC2(false);

        assertEquals(NOW.plusSeconds(600), gw.health("c1").cooldownUntil());
        assertEquals(NOW.plusSeconds(600), gw.storedHealth("c1").cooldownUntil(), "and a restart keeps it");
        assertEquals(429, gw.lastUsage().attempts().get(0).status());
    }

    @Test
    void coolsDownEntryUntilAnHttpDateRetryAfter() {
        startAtFixedTime(2);
        rateLimits(gw.upstream("c1"),
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(1200).atZone(ZoneOffset.UTC)));

        assertAnsweredByC2(false);

        assertEquals(NOW.plusSeconds(1200), gw.health("c1").cooldownUntil());
    }

    @Test
    void keepsTheBaseCooldownWhenRetryAfterIsShorter() {
        startAtFixedTime(2);
        rateLimits(gw.upstream("c1"), "5");

        assertAnsweredByC2(false);

        assertEquals(NOW.plusSeconds(300), gw.health("c1").cooldownUntil());
    }

    @Test
    void coolsDownEntryForTheBaseTimeOn429WithoutRetryAfter() {
        startAtFixedTime(2);
        gw.set(Setting.COOLDOWN_SECONDS, "120");
        fails(gw.upstream("c1"), 429, RATE_LIMITED);

        assertAnsweredByC2(false);

        assertEquals(NOW.plusSeconds(120), gw.health("c1").cooldownUntil());
        assertNull(gw.health("c1").disabledReason(), "a rate limit is not a dead key");
    }

    @Test
    void disablesTheEntryOn401AndStopsTryingIt() {
        start(2);
        fails(gw.upstream("c1"), 401, BAD_KEY);

        assertAnsweredByC2(false);

        var health = gw.health("c1");
        assertNotNull(health.disabledReason());
        assertTrue(health.disabledReason().contains("401"), health.disabledReason());
        assertTrue(health.disabledReason().contains("Incorrect API key"), health.disabledReason());
        assertFalse(health.disabledReason().contains("sk-test-key-c1"), "the echoed key is masked: " + health);
        assertEquals(health.disabledReason(), gw.storedHealth("c1").disabledReason(), "persisted, visible in health");
        assertTrue(gw.store.entries().get("c1/up-model").enabled(), "the person's own switch is untouched");
        assertEquals(LoggedOutcome.CREDENTIAL, gw.lastUsage().attempts().get(0).outcome());

        assertEquals("Hello there", gw.ask("auto"));

        assertEquals(1, calls(gw.upstream("c1")), "a disabled entry is not tried again");
        assertEquals(2, calls(gw.upstream("c2")));
        assertEquals(1, gw.lastUsage().attempts().size());
    }

    @Test
    void rotatesToTheNextKeyOnA401WithoutDisablingTheEntry() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        var wm = gw.channel("multi", "sk-test-first", "sk-test-second");
        gw.start();
        wm.stubFor(post(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-first"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"message\":\"Incorrect API key provided.\",\"code\":\"invalid_api_key\"}}")));
        wm.stubFor(post(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-second"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(fixture("json/openai-chat-completion.json"))));

        assertEquals("Hello there", gw.ask("auto"));

        var health = gw.health("multi");
        assertNull(health.disabledReason(), "the entry still works with its other key: " + health);
        assertFalse(health.coolingAt(Instant.now()));
        var attempts = gw.lastUsage().attempts();
        assertEquals(2, attempts.size());
        assertEquals(0, attempts.get(0).keyIndex());
        assertEquals(401, attempts.get(0).status());
        assertEquals(LoggedOutcome.CREDENTIAL, attempts.get(0).outcome());
        assertEquals(1, attempts.get(1).keyIndex());
        assertEquals(LoggedOutcome.SUCCESS, attempts.get(1).outcome());

        assertEquals("Hello there", gw.ask("auto"));

        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-first")));
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-second")));
    }

    @Test
    void rotatesToTheNextKeyOnA429() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        var wm = gw.channel("multi", "sk-test-first", "sk-test-second");
        gw.start();
        wm.stubFor(post(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-first"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                        .withHeader("Content-Type", "application/json").withBody(RATE_LIMITED)));
        wm.stubFor(post(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-second"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(fixture("json/openai-chat-completion.json"))));

        assertEquals("Hello there", gw.ask("auto"));

        assertFalse(gw.health("multi").coolingAt(Instant.now()));
        assertEquals(List.of(0, 1), gw.lastUsage().attempts().stream().map(UsageRecord.Attempt::keyIndex).toList());
    }
}
