package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.gateway.ConversionMatrixTest.Upstream;
import dev.switchboard.json.Mappers;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A system message in the middle of an Anthropic conversation, as Claude Code sends one after a user turn, through
 * every upstream API type, whole and streamed (issue 12): accepted, never refused by Switchboard; passed through
 * unchanged to an {@code anthropic} channel; a {@code system} message in place for Chat and Responses upstreams;
 * joined to Gemini's {@code systemInstruction}, its only place for system text.
 */
class MidConversationSystemTest {
    private static final String REMINDER = "Reminder: the user's timezone is Europe/Oslo.";

    @TempDir
    static Path dataDir;

    private static WireMockServer wm;
    private static Store store;
    private static Switchboard switchboard;
    private static AnthropicClient anthropic;

    static Stream<Arguments> upstreamsInBothModes() {
        return Stream.of(Upstream.values()).flatMap(u -> Stream.of(Arguments.of(u, false), Arguments.of(u, true)));
    }

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        for (var u : Upstream.values()) {
            var channel = "ch-" + u.name().toLowerCase(java.util.Locale.ROOT);
            store.channels().create(ChannelDraft.of(channel, u.type, u.baseUrl(wm), List.of(u.key)));
            store.entries().add(channel, u.model, u.alias(), false);
        }
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        anthropic = AnthropicOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl())
                .apiKey("client-key-unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        anthropic.close();
        switchboard.close();
        store.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    /** User, system, user: the system message after the first user turn, where Claude Code puts its reminders. */
    private static MessageCreateParams conversation(Upstream upstream) {
        return MessageCreateParams.builder().model(upstream.alias()).maxTokens(512)
                .system(MatrixClients.SYSTEM)
                .addUserMessage("Which M3 screw lengths exist?")
                .addMessage(MessageParam.ofSystem(REMINDER))
                .addUserMessage("Answer for a bracket.")
                .build();
    }

    @ParameterizedTest(name = "{0} upstream, stream {1}")
    @MethodSource("upstreamsInBothModes")
    void aSystemMessageMidConversationReachesEveryUpstreamInItsNearestForm(Upstream upstream, boolean stream) {
        wm.stubFor(post(urlPathEqualTo(upstream.path(stream))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json")
                .withBody(ConversionMatrixTest.textFixture(upstream, stream))));

        Message answer;
        if (stream) {
            var accumulator = MessageAccumulator.create();
            try (var s = anthropic.messages().createStreaming(conversation(upstream))) {
                s.stream().forEach(accumulator::accumulate);
            }
            answer = accumulator.message();
        } else {
            answer = anthropic.messages().create(conversation(upstream));
        }

        var text = new StringBuilder();
        answer.content().forEach(b -> b.text().ifPresent(t -> text.append(t.text())));
        assertEquals(ConversionMatrixTest.textExpected(upstream, stream).text(), text.toString());
        var sent = received(upstream, stream);
        switch (upstream) {
            case ANTHROPIC -> assertEquals(List.of("user", "system", "user"), roles(sent.get("messages")),
                    "passed through unchanged");
            case OPENAI, AZURE -> {
                assertEquals(List.of("system", "user", "system", "user"), roles(sent.get("messages")));
                assertEquals(REMINDER, sent.get("messages").get(2).get("content").asText());
            }
            case RESPONSES -> {
                assertEquals(List.of("user", "system", "user"), roles(sent.get("input")));
                assertEquals(REMINDER, sent.get("input").get(1).get("content").get(0).get("text").asText());
            }
            case GEMINI -> {
                var parts = sent.get("systemInstruction").get("parts");
                assertEquals(REMINDER, parts.get(parts.size() - 1).get("text").asText(), parts.toString());
                assertEquals(List.of("user"), roles(sent.get("contents")), "the two user turns, the reminder gone");
            }
        }
    }

    private static JsonNode received(Upstream upstream, boolean stream) {
        var events = wm.getAllServeEvents();
        assertEquals(1, events.size(), "requests the upstream received");
        try {
            return Mappers.JSON.readTree(events.get(0).getRequest().getBodyAsString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> roles(JsonNode items) {
        var out = new ArrayList<String>();
        for (var item : items) {
            var role = item.path("role").asText();
            // Gemini merges consecutive turns of one role, as its API asks
            if (!out.isEmpty() && out.get(out.size() - 1).equals(role) && item.has("parts")) {
                continue;
            }
            out.add(role);
        }
        assertTrue(!out.isEmpty(), items.toString());
        return out;
    }
}
