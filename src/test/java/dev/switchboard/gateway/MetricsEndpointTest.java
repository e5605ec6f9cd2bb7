package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.errorBody;
import static dev.switchboard.gateway.GatewayFixture.fails;
import static dev.switchboard.gateway.GatewayFixture.streams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.metrics.PrometheusText;
import dev.switchboard.store.ChannelPatch;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a running gateway with real upstreams: requests that succeed, fail over, cool an entry down
 * and get one disabled by the system are counted as Prometheus reads them (promtool and the Prometheus Python parser,
 * {@link PrometheusText}), and the route sits behind the access guard like the client routes.
 */
class MetricsEndpointTest {
    private static final String BAD_KEY = "{\"error\":{\"message\":\"Incorrect API key provided.\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private String scrapeText() {
        var response = gw.send(gw.request("/metrics").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        return response.body();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(scrapeText());
    }

    /** c1 is down (cooled down), c2's key is rejected (disabled by the system), c3 answers. */
    private void failOverTwiceThenStream() {
        gw = GatewayFixture.withChannels(dataDir, 3);
        fails(gw.upstream("c1"), 503, errorBody("overloaded"));
        fails(gw.upstream("c2"), 401, BAD_KEY);
        answers(gw.upstream("c3"));
        assertEquals("Hello there", gw.ask("auto"));
        // c1 now cools down and c2 is disabled: c3 is tried first
        streams(gw.upstream("c3"), "sse/openai-chat-stream.txt");
        assertEquals("Hello there", gw.askStreaming("auto"));
        gw.usage(); // the usage writer has counted both
    }

    @Test
    void countsWhatTheGatewayDidByChannelModelOutcomeAndProtocol() {
        failOverTwiceThenStream();
        assertEquals(400, gw.post("{not json").statusCode());
        assertEquals(404, gw.send(gw.request("/v1/no-such-thing").GET().build()).statusCode());
        gw.usage();

        var s = scrape();

        var c3 = new String[] {"client_protocol", "openai-chat", "channel", "c3", "model", GatewayFixture.MODEL};
        assertEquals(2, s.value("switchboard_requests_total", with(c3, "outcome", "success")));
        assertEquals(1, s.value("switchboard_attempts_total", "channel", "c1", "outcome", "transient"));
        assertEquals(1, s.value("switchboard_attempts_total", "channel", "c2", "outcome", "credential"));
        assertEquals(2, s.value("switchboard_attempts_total", with(c3, "outcome", "success")));
        assertEquals(1, s.value("switchboard_failovers_total", "channel", "c1", "outcome", "transient"));
        assertEquals(1, s.value("switchboard_failovers_total", "channel", "c2", "outcome", "credential"));
        assertTrue(s.find("switchboard_failovers_total", "channel", "c3").isEmpty(), "c3 answered: no failover");
        assertEquals(1, s.value("switchboard_failed_over_requests_total", "client_protocol", "openai-chat",
                "outcome", "success"));
        assertEquals(1, s.value("switchboard_refused_requests_total", "outcome", "invalid_request"));
        assertEquals(1, s.value("switchboard_refused_requests_total", "outcome", "no_route"));

        assertEquals(2, s.value("switchboard_request_duration_seconds_count", c3));
        assertEquals(2, s.value("switchboard_request_duration_seconds_bucket", with(c3, "le", "+Inf")));
        assertEquals(1, s.value("switchboard_time_to_first_token_seconds_count", c3), "the stream only");
        // the fixtures' usage, twice: 12 prompt tokens (4 of them cached), 2 completion tokens
        assertEquals(24, s.value("switchboard_tokens_total", "channel", "c3", "type", "input"));
        assertEquals(4, s.value("switchboard_tokens_total", "channel", "c3", "type", "output"));
        assertEquals(8, s.value("switchboard_tokens_total", "channel", "c3", "type", "cache_read"));

        // gauges: the health tracker's live view
        assertEquals(1, s.value("switchboard_entries", "state", "cooling_down"));
        assertEquals(1, s.value("switchboard_entries", "state", "system_disabled"));
        assertEquals(1, s.value("switchboard_entries", "state", "available"));
        var cooldown = s.value("switchboard_entry_cooldown_remaining_seconds", "channel", "c1");
        assertTrue(cooldown > 0 && cooldown <= 300, "the default cooldown is 300 s: " + cooldown);
        assertEquals(1, s.value("switchboard_entry_system_disabled", "channel", "c2"));
        assertEquals(0, s.value("switchboard_entry_system_disabled", "channel", "c3"));
        assertEquals(1, s.value("switchboard_info", "version", "test"));
        assertFalse(s.hasFamily("switchboard_upstream_balance"), "no balance source is wired: no balance series");
    }

    @Test
    void aScrapeReadsNothingFromTheDatabase() {
        failOverTwiceThenStream();
        // Whatever asked the database now would fail ("The database is closed."), and the scrape with it.
        gw.store.database().close();

        var s = scrape();

        assertEquals(2, s.value("switchboard_requests_total", "channel", "c3", "outcome", "success"));
        assertEquals(1, s.value("switchboard_entries", "state", "cooling_down"));
        assertEquals(1, s.value("switchboard_entry_system_disabled", "channel", "c2"));
    }

    @Test
    void aBrowserPageCannotReadTheMetrics() throws Exception {
        gw = GatewayFixture.withChannels(dataDir, 1);
        var reply = RawHttp.send(gw.port(), "GET", "/metrics", Map.of("Host", "127.0.0.1:" + gw.port(),
                "Origin", "https://evil.example"), null);
        assertEquals(403, reply.status(), reply.body());
        assertTrue(reply.body().contains("origin_not_allowed"), reply.body());
        assertFalse(reply.body().contains("switchboard_"), reply.body());
    }

    @Test
    void onlyGetAndHeadAreServed() {
        gw = GatewayFixture.withChannels(dataDir, 1);
        var post = gw.send(gw.request("/metrics").POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertEquals(405, post.statusCode(), post.body());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        var head = gw.send(gw.request("/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    private static String[] with(String[] labels, String... more) {
        var all = new java.util.ArrayList<>(java.util.List.of(labels));
        all.addAll(java.util.List.of(more));
        return all.toArray(new String[0]);
    }

    /**
     * The channels' last balance checks reach the scrape from the live snapshot (service.Switchboard wires the
     * balance feature in as the metrics' BalanceSource); a failed check is left out, never exported as 0.
     */
    @Test
    void exportsEachChannelsLastGoodBalanceCheckAndNeverAFailedOneAsZero() {
        gw = GatewayFixture.withChannels(dataDir, 2);
        var channels = gw.store.channels();
        for (var name : new String[] {"c1", "c2"}) {
            channels.update(name, ChannelPatch.builder().balance(BalanceQuery.Edit.to("deepseek")).build());
        }
        var now = Instant.now();
        channels.recordBalance(channels.find("c1").orElseThrow(), Balance.read(now,
                new BalanceQuery.Reading(new BigDecimal("74.50"), new BigDecimal("100.00"), "CNY", null)));
        channels.recordBalance(channels.find("c2").orElseThrow(), Balance.failed(now, "HTTP 401 from the provider"));

        var deadline = Instant.now().plusSeconds(30);
        var s = scrape();
        while (!s.hasFamily("switchboard_upstream_balance") && Instant.now().isBefore(deadline)) {
            s = scrape(); // the live snapshot takes the store's change at its next poll: each scrape is the wait
        }

        assertEquals(74.5, s.value("switchboard_upstream_balance", "channel", "c1", "unit", "CNY"));
        assertEquals(100.0, s.value("switchboard_upstream_balance_limit", "channel", "c1", "unit", "CNY"));
        assertTrue(s.all("switchboard_upstream_balance", "channel", "c2").isEmpty(), "a failed check is no balance");
    }
}
