package dev.switchboard.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.UpstreamClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed test against WireMock upstreams that answer with recorded stream shapes, over a real store. */
class SpeedCheckTest {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String CHAT = "/v1/chat/completions";

    @TempDir
    Path dir;

    private final List<WireMockServer> servers = new ArrayList<>();
    private final List<SpeedResult> progress = Collections.synchronizedList(new ArrayList<>());
    private Store store;
    private UpstreamClient upstream;
    private SpeedCheck test;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.FULL, CLOCK);
        upstream = UpstreamClient.create();
        test = new SpeedCheck(store, upstream, CLOCK);
    }

    @AfterEach
    void close() {
        upstream.close();
        store.close();
        servers.forEach(WireMockServer::stop);
    }

    static String fixture(String path) throws IOException {
        try (var in = SpeedCheckTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String key(String channel) {
        return "sk-test-" + channel + "-0123456789abcdef";
    }

    private WireMockServer server(ResponseDefinitionTransformerV2... extensions) {
        var s = new WireMockServer(options().dynamicPort().extensions(extensions));
        s.start();
        servers.add(s);
        return s;
    }

    /** An OpenAI channel on {@code server} with {@code models}, each joining `auto`. */
    private List<Entry> channel(String name, ApiType type, WireMockServer server, String... models) {
        store.channels().create(ChannelDraft.of(name, type, server.baseUrl() + "/v1", List.of(key(name))));
        var out = new ArrayList<Entry>();
        for (var m : models) {
            out.add(store.entries().add(name, m, null, true));
        }
        return out;
    }

    private static void streams(WireMockServer s, String path, String fixture) throws IOException {
        s.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(fixture(fixture))));
    }

    private static void fails(WireMockServer s, int status, String message) {
        s.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"error\"}}")));
    }

    private List<SpeedResult> run(Selection which) {
        return test.run(which, progress::add, BOUND);
    }

    private static SpeedResult only(List<SpeedResult> results) {
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    // ---- success

    @Test
    void anOpenAiEntryThatStreamsIsTimedToItsFirstTokenAndToItsEnd() throws IOException {
        var s = server();
        streams(s, CHAT, "sse/openai-chat-stream.txt");
        var e = channel("relay", ApiType.OPENAI, s, "up-model").get(0);

        var r = only(run(Selection.all()));

        assertTrue(r.ok(), r.toString());
        assertEquals("success", r.outcome());
        assertEquals("relay/up-model", r.entry());
        assertNotNull(r.ttftMs());
        assertNotNull(r.totalMs());
        assertTrue(r.totalMs() >= r.ttftMs(), r.toString());
        assertNull(r.message());
        assertEquals(List.of(r), progress);
        var sent = s.getAllServeEvents().get(0).getRequest();
        assertEquals("Bearer " + key("relay"), sent.getHeader("Authorization"));
        var body = sent.getBodyAsString();
        assertTrue(body.contains("\"model\":\"up-model\""), body);
        assertTrue(body.contains("Say OK"), body);
        assertTrue(body.contains("\"max_tokens\":8"), body);
        assertTrue(body.contains("\"stream\":true"), body);
        assertEquals(r.ttftMs(), store.health().get(e.id()).lastLatencyMs(), "latency recorded as routing does");
    }

    @Test
    void anOpenAiReasoningModelIsAskedWithMaxCompletionTokensWhichItTakesInsteadOfMaxTokens() throws IOException {
        var s = server();
        streams(s, CHAT, "sse/openai-chat-stream.txt");
        channel("openai", ApiType.OPENAI, s, "o4-mini");

        assertTrue(only(run(Selection.all())).ok());

        var body = s.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertTrue(body.contains("\"max_completion_tokens\":8"), body);
        assertFalse(body.contains("\"max_tokens\""), body);
    }

    @Test
    void anAnthropicEntryIsAskedInItsOwnProtocol() throws IOException {
        var s = server();
        streams(s, "/v1/messages", "fixtures/anthropic/stream-max-tokens.sse");
        channel("claude", ApiType.ANTHROPIC, s, "claude-haiku-4-5");

        var r = only(run(Selection.all()));

        assertTrue(r.ok(), r.toString());
        assertTrue(r.totalMs() >= r.ttftMs(), r.toString());
        var sent = s.getAllServeEvents().get(0).getRequest();
        assertEquals(key("claude"), sent.getHeader("x-api-key"));
        var body = sent.getBodyAsString();
        assertTrue(body.contains("\"max_tokens\":8") && body.contains("Say OK") && body.contains("\"stream\":true"),
                body);
    }

    // ---- failures and health

    @Test
    void aServerErrorCoolsTheEntryDownAndReportsTheUpstreamsMessage() {
        var s = server();
        fails(s, 500, "The server had an error while processing your request");
        var e = channel("relay", ApiType.OPENAI, s, "up-model").get(0);

        var r = only(run(Selection.all()));

        assertFalse(r.ok());
        assertEquals("transient", r.outcome());
        assertTrue(r.message().contains("HTTP 500") && r.message().contains("had an error"), r.message());
        assertNull(r.ttftMs());
        var h = store.health().get(e.id());
        assertEquals(NOW.plusSeconds(300), h.cooldownUntil());
        assertNull(h.disabledReason());
        assertEquals(1, h.consecutiveFailures());
    }

    @Test
    void aRejectedKeyDisablesTheEntryBySystemButLeavesThePersonsSwitchAndHidesTheKey() {
        var s = server();
        fails(s, 401, "Incorrect API key provided: " + key("relay") + ". You can find your API key at"
                + " https://platform.openai.com/account/api-keys.");
        var e = channel("relay", ApiType.OPENAI, s, "up-model").get(0);

        var r = only(run(Selection.all()));

        assertFalse(r.ok());
        assertEquals("credential", r.outcome());
        assertTrue(r.message().contains("Incorrect API key"), r.message());
        assertFalse(r.message().contains(key("relay")), r.message());
        var h = store.health().get(e.id());
        assertNotNull(h.disabledReason());
        assertTrue(h.disabledReason().contains("HTTP 401"), h.disabledReason());
        assertFalse(h.disabledReason().contains(key("relay")), h.disabledReason());
        assertTrue(store.entries().get("relay/up-model").enabled(), "the person's switch is theirs");
        var stored = store.speedTests().latest(e.id()).orElseThrow();
        assertFalse(stored.message().contains(key("relay")), stored.message());
    }

    @Test
    void aRelaysOwnKeyFormatEchoedBackIsMaskedToo() {
        var s = server();
        var relayKey = "relay0123456789abcdefXYZ";
        store.channels().create(ChannelDraft.of("odd", ApiType.OPENAI, s.baseUrl() + "/v1", List.of(relayKey)));
        store.entries().add("odd", "m", null, true);
        fails(s, 403, "key " + relayKey + " has no access");

        var r = only(run(Selection.all()));

        assertEquals("credential", r.outcome());
        assertFalse(r.message().contains(relayKey), r.message());
    }

    @Test
    void aSystemDisabledEntryThatSucceedsIsEnabledAgain() throws IOException {
        var s = server();
        streams(s, CHAT, "sse/openai-chat-stream.txt");
        var e = channel("relay", ApiType.OPENAI, s, "up-model").get(0);
        store.health().save(new Health(e.id(), NOW.plusSeconds(60), "HTTP 401: invalid api key", 3, null,
                "HTTP 401: invalid api key"));

        var r = only(run(Selection.entry("relay/up-model")));

        assertTrue(r.ok(), r.toString());
        var h = store.health().get(e.id());
        assertNull(h.disabledReason(), "the person started the test: a success lifts the system disable");
        assertNull(h.cooldownUntil());
        assertEquals(0, h.consecutiveFailures());
        assertTrue(store.entries().get("relay/up-model").enabled());
    }

    @Test
    void anErrorAsTheFirstStreamEventIsAFailure() throws IOException {
        var s = server();
        streams(s, CHAT, "sse/openai-chat-stream-error-first.txt");
        channel("relay", ApiType.OPENAI, s, "up-model");

        var r = only(run(Selection.all()));

        assertFalse(r.ok());
        assertNull(r.ttftMs());
        assertNotNull(r.message());
    }

    // ---- bounds, parallelism, selection

    @Test
    void anUpstreamSlowerThanTheBoundIsATimeoutWhileOtherChannelsComplete() throws IOException {
        var slow = server();
        slow.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)
                .withHeader("Content-Type", "text/event-stream").withBody(fixture("sse/openai-chat-stream.txt"))));
        var fast = server();
        streams(fast, CHAT, "sse/openai-chat-stream.txt");
        var slowEntry = channel("slow", ApiType.OPENAI, slow, "m").get(0);
        channel("fast", ApiType.OPENAI, fast, "m1", "m2");

        var results = test.run(Selection.all(), progress::add, Duration.ofSeconds(2));

        assertEquals(List.of("fast/m1", "fast/m2", "slow/m"), results.stream().map(SpeedResult::entry).toList());
        assertTrue(results.get(0).ok() && results.get(1).ok(), results.toString());
        var r = results.get(2);
        assertFalse(r.ok());
        assertEquals("timeout", r.outcome());
        assertTrue(r.message().contains("time bound"), r.message());
        assertEquals(Health.fresh(slowEntry.id()), store.health().get(slowEntry.id()),
                "the test's own bound says nothing against the entry");
        assertEquals(3, progress.size());
    }

    @Test
    void someChannelsOkSomeNot() throws IOException {
        var good = server();
        streams(good, CHAT, "sse/openai-chat-stream.txt");
        var bad = server();
        fails(bad, 503, "overloaded");
        channel("bad", ApiType.OPENAI, bad, "m");
        channel("good", ApiType.OPENAI, good, "m");

        var results = run(Selection.all());

        assertEquals(2, results.size());
        assertFalse(results.get(0).ok());
        assertEquals("bad/m", results.get(0).entry());
        assertTrue(results.get(1).ok());
    }

    /**
     * Channels run at once: each channel's upstream holds its answer until the other channel's request has
     * arrived, which only happens when both are asked at the same time (one after another, the first would give
     * up waiting). One channel's entries are asked one after another, in order, each once.
     */
    @Test
    void channelsRunInParallelAndOneChannelsEntriesInTurn() throws IOException {
        var aArrived = new CountDownLatch(1);
        var bArrived = new CountDownLatch(1);
        var a = server(new Rendezvous("a", aArrived, bArrived));
        var b = server(new Rendezvous("b", bArrived, aArrived));
        streams(a, CHAT, "sse/openai-chat-stream.txt");
        streams(b, CHAT, "sse/openai-chat-stream.txt");
        channel("a", ApiType.OPENAI, a, "a1", "a2", "a3");
        channel("b", ApiType.OPENAI, b, "b1");

        var results = run(Selection.all());

        assertTrue(results.stream().allMatch(SpeedResult::ok), results.toString());
        assertTrue(Rendezvous.met.contains("a") && Rendezvous.met.contains("b"),
                "each channel's first request met the other's: " + Rendezvous.met);
        assertEquals(List.of("a1", "a2", "a3"), modelsInArrivalOrder(a));
        assertEquals(List.of("b1"), modelsInArrivalOrder(b));
        a.verify(3, postRequestedFor(urlEqualTo(CHAT)));
        b.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aChannelSelectionTestsOnlyThatChannelsEnabledEntries() throws IOException {
        var s = server();
        streams(s, CHAT, "sse/openai-chat-stream.txt");
        var other = server();
        streams(other, CHAT, "sse/openai-chat-stream.txt");
        channel("relay", ApiType.OPENAI, s, "on", "off");
        channel("other", ApiType.OPENAI, other, "m");
        store.entries().setEnabled("relay/off", false);

        var results = run(Selection.channel("relay"));

        assertEquals(List.of("relay/on"), results.stream().map(SpeedResult::entry).toList());
        other.verify(0, postRequestedFor(urlEqualTo(CHAT)));
        s.verify(1, postRequestedFor(urlEqualTo(CHAT)).withRequestBody(containing("\"model\":\"on\"")));
    }

    @Test
    void resultsAreStoredAndTheLatestIsKept() throws IOException {
        var s = server();
        fails(s, 500, "down");
        var e = channel("relay", ApiType.OPENAI, s, "up-model").get(0);
        run(Selection.all());
        s.resetAll();
        streams(s, CHAT, "sse/openai-chat-stream.txt");

        var r = only(run(Selection.all()));

        var stored = store.speedTests().latest(e.id()).orElseThrow();
        assertTrue(stored.ok());
        assertEquals("success", stored.outcome());
        assertEquals(r.ttftMs(), stored.ttftMs());
        assertEquals(r.totalMs(), stored.totalMs());
        assertEquals(NOW, stored.testedAt());
        assertNull(stored.message());
    }

    @Test
    void orderingAutoBySpeedPutsTheFastestFirstUntestedNextAndFailuresLast() {
        var s = server();
        var ids = channel("relay", ApiType.OPENAI, s, "fail", "slow", "untested1", "fast", "untested2").stream()
                .map(Entry::id).toList();

        var auto = store.entries().orderBySpeed("auto", Map.of(ids.get(1), 900L, ids.get(3), 120L),
                Set.of(ids.get(0)));

        assertEquals(List.of(ids.get(3), ids.get(1), ids.get(2), ids.get(4), ids.get(0)), auto.memberIds());
    }

    @Test
    void noKeyInAnyResultOrProgress() {
        var s = server();
        fails(s, 401, "invalid x-api-key " + key("relay"));
        channel("relay", ApiType.OPENAI, s, "m");

        var r = only(run(Selection.all()));

        assertFalse(r.toString().contains(key("relay")), r.toString());
        assertFalse(progress.toString().contains(key("relay")), progress.toString());
    }

    // ---- helpers

    private static final Pattern MODEL = Pattern.compile("\"model\":\"([^\"]+)\"");

    /** WireMock lists served requests newest first. */
    private static List<String> modelsInArrivalOrder(WireMockServer s) {
        var out = new ArrayList<String>();
        for (var e : s.getAllServeEvents()) {
            var m = MODEL.matcher(e.getRequest().getBodyAsString());
            assertTrue(m.find());
            out.add(0, m.group(1));
        }
        return out;
    }

    /** Counts its own channel's arrival, then holds the answer until the other channel's request has come. */
    private static final class Rendezvous implements ResponseDefinitionTransformerV2 {
        static final Set<String> met = Collections.synchronizedSet(new java.util.HashSet<>());
        private final String name;
        private final CountDownLatch mine;
        private final CountDownLatch other;

        Rendezvous(String name, CountDownLatch mine, CountDownLatch other) {
            this.name = name;
            this.mine = mine;
            this.other = other;
            met.remove(name);
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            mine.countDown();
            try {
                // A bound, not a pause: a sequential run fails here after it instead of hanging the build.
                if (other.await(10, TimeUnit.SECONDS)) {
                    met.add(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return event.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "rendezvous-" + name;
        }
    }
}
