package dev.switchboard.gateway;

import dev.switchboard.store.LoggedOutcome;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static dev.switchboard.gateway.GatewayFixture.fixture;
import static dev.switchboard.gateway.GatewayFixture.params;
import static dev.switchboard.gateway.GatewayFixture.streams;
import static dev.switchboard.gateway.JettyUpstream.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.errors.OpenAIException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams after the first byte reached the client (DESIGN §3): no failover any more, the client's stream ends with
 * an error it can see, the entry cools down, the request is logged as failed; and a client that goes away stops
 * the upstream at once.
 */
@Timeout(60)
class ChatCompletionsStreamFaultsTest {
    private static final String ROLE = "{\"id\":\"chatcmpl-r\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,"
            + "\"model\":\"up-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** A first channel on {@code baseUrl}, and a healthy second one that must not be called: no failover. */
    private void firstOn(String baseUrl) {
        gw.channelAt("c1", baseUrl);
        streams(gw.channel("c2"), "sse/openai-chat-stream.txt");
        gw.start();
    }

    /** Streams through the SDK until it throws; returns the text received before. */
    private String streamUntilItFails(CountDownLatch sawTwoChunks) {
        var text = new StringBuilder();
        var e = assertThrows(OpenAIException.class, () -> {
            try (var stream = gw.openai().chat().completions().createStreaming(params("auto"))) {
                stream.stream().forEach(chunk -> {
                    chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                    if (text.toString().equals("Hello there")) {
                        sawTwoChunks.countDown();
                    }
                });
            }
        });
        assertNotNull(e.getMessage());
        return text.toString();
    }

    private void assertFailedMidStreamAndCooledDown() {
        var health = gw.health("c1");
        assertTrue(health.coolingAt(Instant.now()), "c1 cools down: " + health);
        assertNotNull(health.lastError());
        assertEquals(0, calls(gw.upstream("c2")), "no failover once the client has bytes");
        var record = gw.lastUsage();
        assertEquals(LoggedOutcome.FAILED_MID_STREAM, record.outcome());
        assertEquals(200, record.status());
        assertEquals("c1", record.channelName());
        assertNotNull(record.error());
        assertEquals(1, record.attempts().size());
    }

    @Test
    void endsTheClientStreamWithAnErrorWhenTheUpstreamResetsMidStream() throws Exception {
        var sawTwoChunks = new CountDownLatch(1);
        var upstream = new RawUpstream((socket, out) -> {
            RawUpstream.streamHead(out);
            RawUpstream.eventChunk(out, ROLE);
            RawUpstream.eventChunk(out, chunk("Hello"));
            RawUpstream.eventChunk(out, chunk(" there"));
            // Reset only once the text is through: a reset discards what the peer has not read yet.
            sawTwoChunks.await(20, TimeUnit.SECONDS);
            RawUpstream.reset(socket);
        });
        gw.closeWith(upstream);
        firstOn(upstream.baseUrl());

        assertEquals("Hello there", streamUntilItFails(sawTwoChunks));

        assertFailedMidStreamAndCooledDown();
        var error = gw.lastUsage().error();
        assertTrue(error.contains("broke off"), error);
        assertFalse(error.contains("EndPoint"), "a reason a person can read, not Jetty's connection dump: " + error);
    }

    @Test
    void endsTheClientStreamWithAnErrorOnAMalformedChunkMidStream() throws Exception {
        var upstream = new RawUpstream((socket, out) -> {
            RawUpstream.streamHead(out);
            RawUpstream.eventChunk(out, ROLE);
            RawUpstream.eventChunk(out, chunk("Hello"));
            RawUpstream.eventChunk(out, chunk(" there"));
            out.write("zz-not-a-chunk-size\r\ngarbage\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        gw.closeWith(upstream);
        firstOn(upstream.baseUrl());

        assertEquals("Hello there", streamUntilItFails(new CountDownLatch(1)));

        assertFailedMidStreamAndCooledDown();
    }

    @Test
    void endsTheClientStreamWithAnErrorOnAMalformedEventMidStream() {
        var c1 = gw.channel("c1");
        streams(c1, "sse/openai-chat-stream-malformed-mid.txt");
        streams(gw.channel("c2"), "sse/openai-chat-stream.txt");
        gw.start();

        assertEquals("Hello there", streamUntilItFails(new CountDownLatch(1)));

        assertFailedMidStreamAndCooledDown();
        assertTrue(gw.lastUsage().error().contains("malformed"), gw.lastUsage().error());
    }

    @Test
    void passesAnUpstreamErrorEventMidStreamToTheClient() {
        var c1 = gw.channel("c1");
        streams(c1, "sse/openai-chat-stream-error-mid.txt");
        streams(gw.channel("c2"), "sse/openai-chat-stream.txt");
        gw.start();

        assertEquals("Hello there", streamUntilItFails(new CountDownLatch(1)));
        var raw = gw.post(chatBody("c1/up-model", true)).body();

        assertFailedMidStreamAndCooledDown();
        assertTrue(raw.contains("rejected mid-answer"), raw);
        assertFalse(raw.contains("[DONE]"), "the error event ends the stream: " + raw);
    }

    /** The client's stream on a raw socket: reads up to the first event, then hangs up. */
    private String readFirstEventAndHangUp(String body) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port()
                    + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            var status = reader.readLine();
            assertTrue(status != null && status.contains(" 200 "), status);
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            throw new AssertionError("the stream ended before its first event");
        }
    }

    @Test
    void abortsTheUpstreamWhenTheClientGoesAway() throws Exception {
        var upstreamStopped = new CountDownLatch(1);
        var upstream = new JettyUpstream((request, response) -> {
            request.addFailureListener(t -> upstreamStopped.countDown());
            JettyUpstream.startStream(response);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                for (int i = 0; System.nanoTime() < end; i++) {
                    JettyUpstream.event(response, chunk("token" + i + " "));
                    Thread.sleep(50); // a slow model (fault simulation): one token every 50 ms
                }
            } catch (IOException e) {
                upstreamStopped.countDown(); // the gateway closed the connection
                throw e;
            }
            JettyUpstream.write(response, "data: [DONE]\n\n", true);
        });
        gw.closeWith(upstream);
        gw.channelAt("slow", upstream.baseUrl());
        gw.start();

        var first = readFirstEventAndHangUp(chatBody("slow/up-model", true));

        assertTrue(first.contains("token0"), first);
        assertTrue(upstreamStopped.await(20, TimeUnit.SECONDS), "the gateway closed the upstream connection");
    }

    /**
     * Jetty fails a request whose connection saw no traffic for the connector's idle timeout (30 s by default),
     * even while the handler is busy. A reasoning model may think for minutes before its first event; the
     * gateway's own first-byte timeout (120 s by default) is what should bound that wait. The connector's idle
     * timeout is shortened here so that an upstream a little slower than it shows the difference.
     */
    private void shortenClientConnectionIdleTimeout() throws ReflectiveOperationException {
        var field = Gateway.class.getDeclaredField("connector");
        field.setAccessible(true);
        ((ServerConnector) field.get(gw.switchboard().gateway())).setIdleTimeout(300);
    }

    @Test
    void waitsForAFirstEventSlowerThanTheClientConnectionsIdleTimeout() throws Exception {
        var upstream = new JettyUpstream((request, response) -> {
            Thread.sleep(1500); // the model thinks (fault simulation): longer than the idle timeout below
            JettyUpstream.startStream(response);
            JettyUpstream.write(response, fixture("sse/openai-chat-stream.txt"), true);
        });
        gw.closeWith(upstream);
        gw.channelAt("thinker", upstream.baseUrl());
        gw.start();
        shortenClientConnectionIdleTimeout();

        assertEquals("Hello there", gw.askStreaming("auto"));
        assertEquals(LoggedOutcome.SUCCESS, gw.lastUsage().outcome());
    }

    @Test
    void waitsForAWholeAnswerSlowerThanTheClientConnectionsIdleTimeout() throws Exception {
        var upstream = new JettyUpstream((request, response) -> {
            Thread.sleep(1500); // the model thinks (fault simulation): longer than the idle timeout below
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/json");
            JettyUpstream.write(response, fixture("json/openai-chat-completion.json"), true);
        });
        gw.closeWith(upstream);
        gw.channelAt("thinker", upstream.baseUrl());
        gw.start();
        shortenClientConnectionIdleTimeout();

        assertEquals("Hello there", gw.ask("auto"));
        assertEquals(LoggedOutcome.SUCCESS, gw.lastUsage().outcome());
    }
}
