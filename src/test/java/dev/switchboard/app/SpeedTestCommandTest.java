package dev.switchboard.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard test} end to end: a fast, a slow and a failing model on one WireMock relay. */
class SpeedTestCommandTest {
    private static final String KEY = "sk-relay-secret-0123456789";
    private static final String CHAT = "/v1/chat/completions";

    @TempDir
    Path dir;

    private final WireMockServer relay = new WireMockServer(options().dynamicPort());

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void start() throws IOException {
        relay.start();
        var stream = fixture("sse/openai-chat-stream.txt");
        relay.stubFor(post(urlEqualTo(CHAT)).withRequestBody(containing("\"model\":\"good\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(stream)));
        relay.stubFor(post(urlEqualTo(CHAT)).withRequestBody(containing("\"model\":\"bad\""))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}")));
        sb("channels", "add", "relay", "--url", relay.baseUrl() + "/v1", "--key", KEY).ok();
    }

    @AfterEach
    void stop() {
        relay.stop();
    }

    private static String fixture(String path) throws IOException {
        try (var in = SpeedTestCommandTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void printsATableWithoutColourAndSucceedsWhenAllAreOk() {
        sb("entries", "add", "relay", "good").ok();

        var r = sb("test").ok();

        var lines = r.out().lines().toList();
        assertEquals(List.of("ENTRY", "RESULT", "TTFT", "TOTAL"), List.of(lines.get(0).split("\\s+")), r.out());
        assertTrue(lines.get(1).matches("relay/good\\s+\\d+ ms\\s+\\d+ ms\\s+\\d+ ms"), r.out());
        assertFalse(r.out().contains("\u001B["), "no colour when not at a terminal");
        CliRun.says(r.err(), "Testing 1 entry on 1 channel", "[1/1] relay/good");
        r.hides(KEY);
    }

    @Test
    void aFailureShowsItsReasonExitsOneAndDisablesTheEntryBySystem() {
        sb("entries", "add", "relay", "good", "bad").ok();

        var r = sb("test");

        assertEquals(Main.FAILURE, r.code(), r.toString());
        r.prints("relay/bad", "✗ credential", "Incorrect API key", "relay/good").hides(KEY);
        assertFalse(r.out().contains("\u001B["));
        var bad = entry("relay/bad");
        assertTrue(bad.get("enabled").asBoolean(), "the person's switch stays on");
        assertTrue(bad.get("health").asText().startsWith("disabled: HTTP 401"), bad.toString());
        assertFalse(bad.toString().contains(KEY));
    }

    @Test
    void oneEntryOrOneChannelCanBeTested() {
        sb("entries", "add", "relay", "good", "bad").ok();

        var one = sb("test", "relay/good").ok();
        assertEquals(2, one.out().lines().count(), one.out());

        var channel = sb("test", "--channel", "relay");
        assertEquals(Main.FAILURE, channel.code());
        assertEquals(3, channel.out().lines().count(), channel.out());
    }

    @Test
    void orderAutoPutsTheFastestFirstAndFailuresLast() {
        sb("entries", "add", "relay", "bad", "good").ok();
        assertEquals(List.of("relay/bad", "relay/good"), auto());

        var r = sb("test", "--order-auto");

        assertEquals(Main.FAILURE, r.code(), r.toString());
        r.prints("`auto` is now: relay/good, relay/bad.");
        assertEquals(List.of("relay/good", "relay/bad"), auto());
    }

    @Test
    void refusesAnEntryAndAChannelTogetherAndAnUnknownEntry() {
        sb("test", "relay/good", "--channel", "relay").fails(Main.USAGE, "either");
        sb("test", "--timeout-seconds", "0").fails(Main.USAGE, "1 to 600 seconds");
        var unknown = sb("test", "relay/nope");
        assertTrue(unknown.code() != Main.OK, unknown.toString());
        CliRun.says(unknown.err(), "nope");
    }

    @Test
    void nothingToTestIsNotAFailure() {
        sb("test").ok().prints("No enabled entries to test");
    }

    @Test
    void colourNeedsAConsoleAndNoNoColor() {
        // Tests run without a console: never colour here, whatever TERM says.
        assertFalse(SpeedTestCommand.colour(java.util.Map.of("TERM", "xterm-256color")));
        assertFalse(SpeedTestCommand.colour(java.util.Map.of("NO_COLOR", "1")));
    }

    private List<String> auto() {
        var out = new ArrayList<String>();
        sb("groups", "list", "--json").ok().json().get(0).get("members").forEach(n -> out.add(n.asText()));
        return out;
    }

    private com.fasterxml.jackson.databind.JsonNode entry(String ref) {
        for (var e : sb("entries", "list", "--json").ok().json()) {
            if (e.get("ref").asText().equals(ref)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + ref);
    }
}
