package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static dev.switchboard.gateway.GatewayFixture.fails;
import static dev.switchboard.gateway.GatewayFixture.streams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log: one record per request with its attempts, real token counts, and never a key. */
class ChatCompletionsUsageTest {
    /** Long enough to look like keys, obviously fake. */
    private static final String KEY1 = "sk-test-first-key-0123";
    private static final String KEY2 = "sk-test-second-key-0123";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        gw.channel("c1", KEY1);
        gw.channel("c2", KEY2);
        gw.start();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void logsOneRecordPerRequestWithItsAttempts() {
        fails(gw.upstream("c1"), 503, GatewayFixture.errorBody("overloaded"));
        answers(gw.upstream("c2"));
        assertEquals("Hello there", gw.ask("auto"));
        streams(gw.upstream("c2"), "sse/openai-chat-stream.txt");
        assertEquals("Hello there", gw.askStreaming("auto"));

        var records = gw.usage();

        assertEquals(2, records.size());
        var stream = records.get(0);
        var whole = records.get(1);
        assertFalse(whole.stream());
        assertEquals("auto", whole.requestedModel());
        assertEquals("openai-chat", whole.clientProtocol());
        assertEquals(gw.entryId("c2"), whole.entryId());
        assertEquals("c2", whole.channelName());
        assertEquals("up-model", whole.upstreamModel());
        assertEquals(200, whole.status());
        assertEquals(LoggedOutcome.SUCCESS, whole.outcome());
        assertNull(whole.error());
        assertEquals(new UsageRecord.Tokens(12L, 2L, 4L, null, 0L), whole.tokens());
        assertEquals(2, whole.attempts().size());
        var failed = whole.attempts().get(0);
        assertEquals(gw.entryId("c1"), failed.entryId());
        assertEquals("c1", failed.channelName());
        assertEquals(0, failed.keyIndex());
        assertEquals(503, failed.status());
        assertEquals(LoggedOutcome.TRANSIENT, failed.outcome());
        assertTrue(failed.error().contains("HTTP 503") && failed.error().contains("overloaded"), failed.error());
        var ok = whole.attempts().get(1);
        assertEquals(gw.entryId("c2"), ok.entryId());
        assertEquals(200, ok.status());
        assertEquals(LoggedOutcome.SUCCESS, ok.outcome());
        assertNull(ok.error());

        assertTrue(stream.stream());
        assertEquals(LoggedOutcome.SUCCESS, stream.outcome());
        assertEquals(12L, stream.tokens().input());
        assertEquals(2L, stream.tokens().output());
        assertEquals(4L, stream.tokens().cacheRead());
        assertEquals(1, stream.attempts().size(), "c1 cools down, so c2 answered at once");
        assertEquals("c2", stream.attempts().get(0).channelName());
    }

    /** Neither key in any answer, log record, attempt or health text. */
    private void assertNoKeyIn(List<String> answers) {
        var texts = new ArrayList<>(answers);
        for (var r : gw.usage()) {
            texts.add(r.error());
            r.attempts().forEach(a -> texts.add(a.error()));
        }
        for (var c : List.of("c1", "c2")) {
            for (var h : List.of(gw.health(c), gw.storedHealth(c))) {
                texts.add(h.lastError());
                texts.add(h.disabledReason());
            }
        }
        for (var t : texts) {
            if (t != null) {
                assertFalse(t.contains(KEY1) || t.contains(KEY2), "a key leaked: " + t);
                assertFalse(t.contains("first-key") || t.contains("second-key"), "part of a key leaked: " + t);
            }
        }
    }

    private static String echoing(String key) {
        return "{\"error\":{\"message\":\"Incorrect API key provided: " + key + ". You can find your API key at"
                + " https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_api_key\"}}";
    }

    @Test
    void neverShowsAKeyWhenEveryCandidateFails() {
        fails(gw.upstream("c1"), 401, echoing(KEY1));
        fails(gw.upstream("c2"), 500, "Internal error while using key " + KEY2);

        var answer = gw.post(chatBody("auto", false));

        assertEquals(502, answer.statusCode());
        assertTrue(answer.body().contains("Incorrect API key provided"), answer.body());
        assertEquals(2, gw.lastUsage().attempts().size());
        assertNoKeyIn(List.of(answer.body()));
    }

    @Test
    void neverPassesAKeyInAnUpstreamErrorToTheClient() {
        fails(gw.upstream("c1"), 400, "{\"error\":{\"message\":\"Bad request for key " + KEY1 + ": 'temperature' is"
                + " too high.\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}");

        var answer = gw.post(chatBody("auto", false));

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("'temperature' is too high"), answer.body());
        assertEquals("temperature", GatewayFixture.json(answer.body()).at("/error/param").asText());
        assertNoKeyIn(List.of(answer.body()));
    }

    @Test
    void neverPassesAKeyInAMidStreamErrorToTheClientOrTheLog() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream-error-mid.txt");

        var answer = gw.post(chatBody("auto", true));

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("rejected mid-answer"), answer.body());
        assertEquals(LoggedOutcome.FAILED_MID_STREAM, gw.lastUsage().outcome());
        assertTrue(gw.lastUsage().error().contains("rejected mid-answer"), gw.lastUsage().error());
        assertNoKeyIn(List.of(answer.body()));
    }
}
