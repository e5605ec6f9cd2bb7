package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static dev.switchboard.gateway.JettyUpstream.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Setting;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three upstream timeouts, each set on a running gateway (as a person changes them while it serves) and each
 * told in plain words: which wait passed and the setting that bounds it, never Jetty's internals. The faults are
 * real: a connect that never completes, an upstream that never answers, a stream that goes quiet.
 */
@Timeout(60)
class UpstreamTimeoutsTest {
    private static final String ROLE = "{\"id\":\"chatcmpl-r\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,"
            + "\"model\":\"up-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;
    /** Released when the test ends: until then a quiet upstream holds its connection open. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        gw.close();
    }

    /** Changes a setting on the running gateway and waits until its snapshot has it. */
    private void setLive(Setting setting, String value, java.util.function.Predicate<dev.switchboard.store.Settings> has) {
        gw.set(setting, value);
        gw.switchboard().live().reload();
        assertTrue(has.test(gw.switchboard().live().current().settings()), setting + " reached the running gateway");
    }

    @Test
    void failsOverWhenAConnectDoesNotCompleteWithinTheConnectTimeout() throws Exception {
        var blackhole = new BlackholeUpstream();
        gw.closeWith(blackhole);
        gw.channelAt("dark", blackhole.baseUrl());
        answers(gw.channel("spare"));
        gw.start();
        setLive(Setting.CONNECT_TIMEOUT_SECONDS, "1", s -> s.connectTimeout().equals(Duration.ofSeconds(1)));

        assertEquals("Hello there", gw.ask("auto"));

        var logged = gw.lastUsage();
        assertEquals("spare", logged.channelName());
        var first = logged.attempts().get(0);
        assertEquals("dark", first.channelName());
        assertEquals(LoggedOutcome.TRANSIENT, first.outcome());
        assertTrue(first.error().contains("could not connect to 127.0.0.1 within 1 s (connect-timeout-seconds)"),
                first.error());
    }

    @Test
    void failsOverWhenNoAnswerComesWithinTheFirstByteTimeout() throws Exception {
        var silent = new RawUpstream((socket, out) -> testOver.await(60, TimeUnit.SECONDS));
        gw.closeWith(silent);
        gw.channelAt("silent", silent.baseUrl());
        answers(gw.channel("spare"));
        gw.start();
        setLive(Setting.FIRST_BYTE_TIMEOUT_SECONDS, "1", s -> s.firstByteTimeout().equals(Duration.ofSeconds(1)));

        assertEquals("Hello there", gw.ask("auto"));

        var first = gw.lastUsage().attempts().get(0);
        assertEquals("silent", first.channelName());
        assertTrue(first.error().contains("no answer from 127.0.0.1 within 1 s (first-byte-timeout-seconds)"),
                first.error());
    }

    /** The headers came at once, the first event never: one deadline bounds both, as the setting says. */
    @Test
    void failsOverWhenAStreamSendsItsHeadersButNoFirstEvent() throws Exception {
        var silent = new RawUpstream((socket, out) -> {
            RawUpstream.streamHead(out);
            testOver.await(60, TimeUnit.SECONDS);
        });
        gw.closeWith(silent);
        gw.channelAt("silent", silent.baseUrl());
        GatewayFixture.streams(gw.channel("spare"), "sse/openai-chat-stream.txt");
        gw.start();
        setLive(Setting.FIRST_BYTE_TIMEOUT_SECONDS, "1", s -> s.firstByteTimeout().equals(Duration.ofSeconds(1)));

        assertEquals("Hello there", gw.askStreaming("auto"));

        var first = gw.lastUsage().attempts().get(0);
        assertEquals("silent", first.channelName());
        assertTrue(first.error().contains("within 1 s (first-byte-timeout-seconds)"), first.error());
    }

    @Test
    void endsAStreamThatGoesQuietWithTheIdleTimeoutInPlainWords() throws Exception {
        var quiet = new RawUpstream((socket, out) -> {
            RawUpstream.streamHead(out);
            RawUpstream.eventChunk(out, ROLE);
            RawUpstream.eventChunk(out, chunk("Hello"));
            testOver.await(60, TimeUnit.SECONDS); // the model stalls mid-answer
        });
        gw.closeWith(quiet);
        gw.channelAt("quiet", quiet.baseUrl());
        answers(gw.channel("spare"));
        gw.start();
        setLive(Setting.IDLE_TIMEOUT_SECONDS, "1", s -> s.idleTimeout().equals(Duration.ofSeconds(1)));

        var body = gw.post(chatBody("quiet/up-model", true)).body();

        assertTrue(body.contains("\"Hello\""), body);
        assertTrue(body.contains("127.0.0.1 sent nothing for 1 s (idle-timeout-seconds)"), body);
        assertFalse(body.contains("java."), "no Java internals for the client: " + body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("[DONE]"), "a stream cut by a timeout is not complete: " + body);
        assertFalse(body.contains("\"finish_reason\":\"stop\""), body);
        var logged = gw.lastUsage();
        assertEquals(LoggedOutcome.FAILED_MID_STREAM, logged.outcome());
        assertTrue(logged.error().contains("idle-timeout-seconds"), logged.error());
        assertEquals(0, calls(gw.upstream("spare")));
        assertTrue(gw.health("quiet").coolingAt(java.time.Instant.now()));
    }

    /** A connection reset before any answer: the client reads which entry failed, not a Java exception. */
    @Test
    void aResetBeforeTheAnswerIsToldInPlainWords() throws Exception {
        var resetting = new RawUpstream((socket, out) -> RawUpstream.reset(socket));
        gw.closeWith(resetting);
        gw.channelAt("reset", resetting.baseUrl());
        gw.start();

        var response = gw.post(chatBody("reset/up-model", false));

        assertEquals(502, response.statusCode());
        var body = response.body();
        assertTrue(body.startsWith("{"), body);
        assertFalse(body.contains("java."), body);
        assertFalse(body.contains("@"), "no Jetty object dumps: " + body);
        assertTrue(body.contains("reset/up-model"), "names the entry: " + body);
        assertTrue(gw.lastUsage().attempts().get(0).error().contains("127.0.0.1"), gw.lastUsage().attempts().get(0)
                .error());
    }
}
