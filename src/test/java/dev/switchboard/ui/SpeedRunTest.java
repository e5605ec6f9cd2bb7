package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.UpstreamClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What "Test all" covers, and a run over chosen entries against a real OpenAI-compatible upstream. */
class SpeedRunTest {
    @TempDir
    Path dir;

    private Store store;
    private WireMockServer good;
    private WireMockServer bad;
    private Entry answers;
    private Entry refused;
    private Entry off;

    /** One upstream streaming a Chat Completions answer, one refusing every key with 401. */
    static WireMockServer[] upstreams() throws IOException {
        var good = new WireMockServer(options().dynamicPort());
        good.start();
        String stream;
        try (var in = SpeedRunTest.class.getResourceAsStream("/sse/openai-chat-stream.txt")) {
            stream = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        good.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(stream)));
        var bad = new WireMockServer(options().dynamicPort());
        bad.start();
        bad.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}")));
        return new WireMockServer[] {good, bad};
    }

    @BeforeEach
    void open() throws IOException {
        store = Store.open(dir, Database.Check.QUICK, Clock.systemUTC());
        var servers = upstreams();
        good = servers[0];
        bad = servers[1];
        store.channels().create(ChannelDraft.of("good", ApiType.OPENAI, good.baseUrl() + "/v1",
                List.of("test-key-alpha")));
        store.channels().create(ChannelDraft.of("bad", ApiType.OPENAI, bad.baseUrl() + "/v1",
                List.of("test-key-beta")));
        answers = store.entries().add("good", "up-model", null, true);
        off = store.entries().add("good", "other-model", null, true);
        store.entries().setEnabled("#" + off.id(), false);
        refused = store.entries().add("bad", "up-model", null, true);
    }

    @AfterEach
    void close() {
        store.close();
        good.stop();
        bad.stop();
    }

    @Test
    void nothingChosenMeansEverything() {
        assertNull(SpeedRun.chosen(store.snapshot(), List.of(answers, off, refused), List.of(), false));
    }

    @Test
    void selectedRowsAreTestedWhateverTheirSwitch() {
        var chosen = SpeedRun.chosen(store.snapshot(), List.of(answers), List.of(off.id()), true);
        assertEquals(List.of(off.id()), chosen.stream().map(Entry::id).toList());
    }

    @Test
    void aFilterCoversTheRoutableEntriesItShows() {
        var snapshot = store.snapshot();
        var shown = snapshot.entries().stream().filter(e -> e.channelName().equals("good")).toList();
        var chosen = SpeedRun.chosen(snapshot, shown, List.of(), true);
        assertEquals(List.of(answers.id()), chosen.stream().map(Entry::id).toList());
    }

    @Test
    void chosenEntriesAreTestedAndEachResultIsReportedAsItComes() throws Exception {
        var progress = Collections.synchronizedList(new ArrayList<SpeedResult>());
        try (var upstream = UpstreamClient.create()) {
            var test = new SpeedCheck(store, upstream, Clock.systemUTC());
            var chosen = List.of(answers, refused);
            assertEquals(chosen, SpeedRun.plan(test, chosen));

            var results = SpeedRun.run(test, chosen, progress::add, SpeedRun.BOUND);

            assertEquals(2, results.size());
            assertEquals(2, progress.size());
            var byId = new java.util.HashMap<Long, SpeedResult>();
            results.forEach(r -> byId.put(r.entryId(), r));
            assertTrue(byId.get(answers.id()).ok(), byId.toString());
            assertFalse(byId.get(refused.id()).ok());
            assertEquals("credential", byId.get(refused.id()).outcome());
            assertTrue(store.speedTests().latest(answers.id()).orElseThrow().ok());
        }
    }

    @Test
    void everythingSkipsEntriesSwitchedOff() throws Exception {
        try (var upstream = UpstreamClient.create()) {
            var test = new SpeedCheck(store, upstream, Clock.systemUTC());
            var plan = SpeedRun.plan(test, null).stream().map(Entry::id).toList();
            assertEquals(List.of(refused.id(), answers.id()), plan);
        }
    }
}
