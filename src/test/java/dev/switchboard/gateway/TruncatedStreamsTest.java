package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.gateway.ConversionMatrixTest.Upstream;
import dev.switchboard.gateway.MatrixClients.Client;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream streams that stop before their protocol's end (DESIGN §3), for every client protocol against every
 * upstream API type, through the official SDKs: the recorded streams of {@link ConversionMatrixTest} that fail
 * mid-answer, with their error event taken away, so that they simply stop after the first words, as a relay does
 * whose own upstream went away.
 *
 * <p>After the first words reached the client, the client's stream must end with an error in its own protocol
 * (never a made-up finish), the entry cool down and the request be logged as failed; before them, the cut stream
 * is a failure like any other and the next candidate answers. Each upstream type has two channels on one WireMock
 * server, {@code cut-…} and {@code ok-…}, in a group of that type, the cut one first.
 */
@Timeout(60)
class TruncatedStreamsTest {
    @TempDir
    Path dataDir;

    private WireMockServer wm;
    private Store store;
    private Switchboard switchboard;
    private MatrixClients clients;

    static Stream<Arguments> pairs() {
        return ConversionMatrixTest.pairs();
    }

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        for (var u : Upstream.values()) {
            store.entries().createGroup(group(u));
            for (var side : List.of("cut", "ok")) {
                var channel = side + "-" + name(u);
                store.channels().create(ChannelDraft.of(channel, u.type, base(u, side), List.of(u.key)));
                store.entries().add(channel, u.model, null, false);
                store.entries().addMember(group(u), channel + "/" + u.model, null);
            }
        }
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        clients = new MatrixClients(switchboard.gateway().baseUrl());
    }

    @AfterEach
    void stop() {
        clients.close();
        switchboard.close();
        store.close();
        wm.stop();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("pairs")
    void aStreamCutAfterItsFirstWordsEndsInAnErrorNotAFinish(Client client, Upstream upstream) {
        serve(upstream, "cut", events(failingStream(upstream)).limit(events(failingStream(upstream)).count() - 1));
        serve(upstream, "ok", events(ConversionMatrixTest.textFixture(upstream, true)));

        var failure = clients.askFailingMidStream(client, group(upstream));

        assertEquals(client == Client.RESPONSES ? "response.failed" : "exception", failure.how(),
                "the client learns that its answer is incomplete: " + failure);
        assertEquals(ConversionMatrixTest.textBeforeError(upstream), failure.textBefore());
        assertTrue(failure.message().contains("stopped before the answer was complete"), failure.message());
        assertEquals(0, wm.findAll(postRequestedFor(urlPathMatching("/ok/.*"))).size(),
                "no failover once the client has words");
        var logged = lastRequest();
        assertEquals(LoggedOutcome.FAILED_MID_STREAM, logged.outcome());
        assertTrue(logged.error().contains("no " + endOf(upstream) + " came"), logged.error());
        assertEquals(1, logged.attempts().size());
        assertEquals(LoggedOutcome.TRANSIENT, logged.attempts().get(0).outcome());
        var health = switchboard.health().current(store.entries().get("cut-" + name(upstream) + "/"
                + upstream.model).id());
        assertTrue(health.coolingAt(Instant.now()), "the cut entry cools down: " + health);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("pairs")
    void aStreamCutBeforeItsFirstWordFailsOver(Client client, Upstream upstream) {
        var failing = failingStream(upstream);
        serve(upstream, "cut", events(failing).takeWhile(e -> !e.contains("The first")));
        serve(upstream, "ok", events(ConversionMatrixTest.textFixture(upstream, true)));

        var answer = clients.ask(client, group(upstream), true);

        assertEquals(ConversionMatrixTest.textExpected(upstream, true).text(), answer.text());
        var logged = lastRequest();
        assertEquals(LoggedOutcome.SUCCESS, logged.outcome());
        assertEquals("ok-" + name(upstream), logged.channelName());
        assertEquals(2, logged.attempts().size());
        var first = logged.attempts().get(0);
        assertEquals("cut-" + name(upstream), first.channelName());
        assertEquals(LoggedOutcome.TRANSIENT, first.outcome());
        assertNotNull(first.error());
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("pairs")
    void aWholeAnswerCutShortFailsOver(Client client, Upstream upstream) {
        var whole = ConversionMatrixTest.textFixture(upstream, false);
        wm.stubFor(post(urlPathEqualTo("/cut" + upstream.path(false))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(whole.substring(0, whole.length() / 2))));
        wm.stubFor(post(urlPathEqualTo("/ok" + upstream.path(false))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(whole)));

        var answer = clients.ask(client, group(upstream), false);

        assertEquals(ConversionMatrixTest.textExpected(upstream, false).text(), answer.text());
        var logged = lastRequest();
        assertEquals("ok-" + name(upstream), logged.channelName());
        assertEquals(LoggedOutcome.TRANSIENT, logged.attempts().get(0).outcome());
    }

    /**
     * The issue's own case, below HTTP: an Anthropic upstream whose connection closes (FIN) in the middle of its
     * chunked stream, without the terminating chunk, after "The first step is". Passthrough to a Messages client,
     * conversion to the others.
     */
    @ParameterizedTest(name = "{0} client")
    @org.junit.jupiter.params.provider.EnumSource(Client.class)
    void anAnthropicConnectionClosedMidStreamIsNotAnAnswer(Client client) throws Exception {
        var upstream = Upstream.ANTHROPIC;
        var cut = events(failingStream(upstream)).limit(events(failingStream(upstream)).count() - 1).toList();
        try (var raw = new RawUpstream((socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (var event : cut) {
                var bytes = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.flush();
            socket.shutdownOutput(); // FIN, and no terminating chunk: the body broke off
        })) {
            store.channels().create(ChannelDraft.of("raw", upstream.type, raw.baseUrl().replace("/v1", ""),
                    List.of(upstream.key)));
            store.entries().add("raw", upstream.model, "raw-anthropic", false);
            switchboard.live().reload();

            var failure = clients.askFailingMidStream(client, "raw-anthropic");

            assertEquals(client == Client.RESPONSES ? "response.failed" : "exception", failure.how(),
                    failure.toString());
            assertEquals(ConversionMatrixTest.textBeforeError(upstream), failure.textBefore());
            assertTrue(failure.message().contains("broke off before the answer was complete"), failure.message());
            var logged = lastRequest();
            assertEquals(LoggedOutcome.FAILED_MID_STREAM, logged.outcome());
            assertEquals("raw", logged.channelName());
        }
    }

    // ---- the upstream side

    private static String failingStream(Upstream upstream) {
        return ConversionMatrixTest.errorStreamFixture(upstream);
    }

    /** The events of a recorded stream, each with its blank line. */
    private static Stream<String> events(String sse) {
        return Arrays.stream(sse.replace("\r\n", "\n").split("\n\n")).filter(e -> !e.isBlank()).map(e -> e + "\n\n");
    }

    private void serve(Upstream upstream, String side, Stream<String> events) {
        wm.stubFor(post(urlPathEqualTo("/" + side + upstream.path(true))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(events.collect(Collectors.joining()))));
    }

    private String base(Upstream upstream, String side) {
        var root = wm.baseUrl() + "/" + side;
        return switch (upstream) {
            case OPENAI, RESPONSES -> root + "/v1";
            case AZURE, ANTHROPIC, GEMINI -> root;
        };
    }

    private static String name(Upstream upstream) {
        return upstream.name().toLowerCase(Locale.ROOT);
    }

    private static String group(Upstream upstream) {
        return "g-" + name(upstream);
    }

    private static String endOf(Upstream upstream) {
        return switch (upstream) {
            case OPENAI, AZURE -> "finish_reason";
            case RESPONSES -> "response.completed";
            case ANTHROPIC -> "message_stop";
            case GEMINI -> "finishReason";
        };
    }

    private UsageRecord lastRequest() {
        try {
            switchboard.usage().flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        var recent = store.usage().recent(1);
        assertFalse(recent.isEmpty(), "no request was logged");
        return recent.get(0);
    }
}
