package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.switchboard.gateway.GatewayFixture.PATH;
import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static dev.switchboard.gateway.GatewayFixture.params;
import static dev.switchboard.gateway.GatewayFixture.streams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Good answers through the gateway: what the client gets, what the upstream is sent, what is logged. */
class ChatCompletionsRoundTripTest {
    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = GatewayFixture.withChannels(dataDir, 1);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void answersANonStreamRequestAndLogsItsTokens() {
        answers(gw.upstream("c1"));

        var completion = gw.openai().chat().completions().create(params("auto"));

        assertEquals("Hello there", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(12, completion.usage().orElseThrow().promptTokens());
        var sent = gw.upstream("c1").getAllServeEvents().get(0).getRequest();
        assertEquals("Bearer sk-test-key-c1", sent.getHeader("Authorization"));
        assertEquals("up-model", GatewayFixture.json(sent.getBodyAsString()).get("model").asText());
        assertFalse(sent.getBodyAsString().contains("stream_options"), "a non-stream request is not given stream options");
        var record = gw.lastUsage();
        assertEquals(LoggedOutcome.SUCCESS, record.outcome());
        assertEquals(200, record.status());
        assertEquals("c1", record.channelName());
        assertEquals(new UsageRecord.Tokens(12L, 2L, 4L, null, 0L), record.tokens());
        assertFalse(record.stream());
    }

    @Test
    void streamsAndLogsTheUsageItAskedTheUpstreamFor() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream.txt");

        assertEquals("Hello there", gw.askStreaming("auto"));

        gw.upstream("c1").verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", WireMock.equalTo("true"))));
        var record = gw.lastUsage();
        assertEquals(LoggedOutcome.SUCCESS, record.outcome());
        assertTrue(record.stream());
        assertEquals(12L, record.tokens().input());
        assertEquals(2L, record.tokens().output());
        assertEquals(4L, record.tokens().cacheRead());
        assertEquals(1, record.attempts().size());
        assertEquals(LoggedOutcome.SUCCESS, record.attempts().get(0).outcome());
    }

    @Test
    void hidesTheUsageOnlyChunkFromAClientThatDidNotAskForIt() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream.txt");

        var response = gw.post(chatBody("auto", true));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"content\":\" there\""), response.body());
        assertFalse(response.body().contains("\"usage\""), response.body());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
        assertEquals(12L, gw.lastUsage().tokens().input(), "the usage is still logged");
    }

    @Test
    void hidesTheUsageOnlyChunkEvenWhenItComesBeforeTheText() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream-usage-early.txt");

        var response = gw.post(chatBody("auto", true));

        assertTrue(response.body().contains("\"content\":\" there\""), response.body());
        assertFalse(response.body().contains("\"usage\""), response.body());
        assertEquals(12L, gw.lastUsage().tokens().input());
    }

    @Test
    void passesTheUsageChunkToAClientThatAskedForIt() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream.txt");
        var params = ChatCompletionCreateParams.builder().model("auto").addUserMessage("Say hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        var usage = new ArrayList<Long>();
        try (var stream = gw.openai().chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.usage().ifPresent(u -> usage.add(u.promptTokens())));
        }

        assertEquals(java.util.List.of(12L), usage);
    }

    @Test
    void endsAStreamWithDoneWhenTheUpstreamForgotIt() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream-no-done.txt");

        var response = gw.post(chatBody("auto", true));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"finish_reason\":\"stop\""), response.body());
        assertTrue(response.body().endsWith("\n\ndata: [DONE]\n\n"), response.body());
        assertEquals(1, response.body().split("\\[DONE]", -1).length - 1, "exactly one [DONE]");
        assertEquals("Hello there", gw.askStreaming("auto"), "and the SDK reads it to the end");
        assertEquals(LoggedOutcome.SUCCESS, gw.lastUsage().outcome());
    }

    @Test
    void forwardsPingCommentsHarmlessly() {
        streams(gw.upstream("c1"), "sse/openai-chat-stream-pings.txt");

        var raw = gw.post(chatBody("auto", true)).body();

        assertTrue(raw.contains(": ping"), raw);
        assertEquals("Hello there", gw.askStreaming("auto"));
        assertEquals(LoggedOutcome.SUCCESS, gw.lastUsage().outcome());
    }

    @Test
    @Timeout(60)
    void forwardsEachEventAsItArrives() throws Exception {
        var clientSawFirst = new CountDownLatch(1);
        var upstreamGaveUp = new AtomicBoolean();
        var upstream = new JettyUpstream((request, response) -> {
            JettyUpstream.startStream(response);
            JettyUpstream.event(response, JettyUpstream.chunk("first"));
            // The rest comes only once the client has the first event: a gateway that buffered would never
            // deliver it, and this upstream would give up waiting and say so.
            upstreamGaveUp.set(!clientSawFirst.await(20, TimeUnit.SECONDS));
            JettyUpstream.event(response, JettyUpstream.chunk(upstreamGaveUp.get() ? "gave-up-waiting" : "second"));
            JettyUpstream.event(response, JettyUpstream.finishChunk());
            JettyUpstream.write(response, "data: [DONE]\n\n", true);
        });
        gw.closeWith(upstream);
        gw.channelAt("slow", upstream.baseUrl());

        var lines = new ArrayList<String>();
        var response = gw.open(chatBody("slow/up-model", true));
        assertEquals(200, response.statusCode());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.contains("\"first\"")) {
                    clientSawFirst.countDown();
                }
            }
        }

        assertFalse(upstreamGaveUp.get(), "the client got the first event while the upstream held back the second");
        var data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertEquals(4, data.size(), String.join("\n", lines));
        assertTrue(data.get(0).contains("\"first\""));
        assertTrue(data.get(1).contains("\"second\""));
        assertTrue(data.get(2).contains("\"finish_reason\":\"stop\""));
        assertEquals("data: [DONE]", data.get(3));
        assertNull(gw.lastUsage().error());
    }
}
