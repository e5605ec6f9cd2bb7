package dev.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.store.UsageRecord.Attempt;
import dev.switchboard.store.UsageRecord.Tokens;
import dev.switchboard.usage.UsageRecorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics as a scraper reads them: records go through a real usage recorder (counted on its writer thread),
 * gauges come from a real store's snapshot with live health laid over it, and every scrape is read by promtool and
 * the Prometheus Python parser ({@link PrometheusText}).
 */
class GatewayMetricsTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String CHAT = "openai-chat";

    @TempDir
    Path dir;

    private Store store;
    private UsageRecorder recorder;
    private GatewayMetrics metrics;
    private final Map<Long, Health> health = new ConcurrentHashMap<>();
    private final List<BalanceSource.Balance> balances = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.FULL, CLOCK);
        store.channels().create(ChannelDraft.of("east", ApiType.OPENAI, "https://east.example.test/v1",
                List.of("sk-FAKE-east-000000000000")));
        store.channels().create(ChannelDraft.of("west", ApiType.ANTHROPIC, "https://west.example.test",
                List.of("sk-FAKE-west-000000000000")));
        store.entries().add("east", "gpt-a", null, true);
        store.entries().add("east", "gpt-b", null, true);
        store.entries().add("west", "claude-c", null, true);
        metrics = new GatewayMetrics(() -> store.snapshot().withHealth(health), CLOCK, () -> List.copyOf(balances),
                dropped::get, "9.9.9-test");
        recorder = UsageRecorder.start(store.usage());
        recorder.addListener(metrics);
    }

    @AfterEach
    void close() {
        recorder.close();
        store.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
    }

    private void record(UsageRecord... records) throws InterruptedException {
        for (var r : records) {
            recorder.record(r);
        }
        recorder.flush();
    }

    private static Attempt attempt(String channel, String model, LoggedOutcome outcome) {
        return new Attempt(null, channel, model, 0, outcome == LoggedOutcome.SUCCESS ? 200 : 503, outcome, 100L,
                200L, outcome == LoggedOutcome.SUCCESS ? null : "failed");
    }

    private static UsageRecord request(String protocol, String requested, boolean stream, String channel, String model,
                                       LoggedOutcome outcome, Long ttfbMs, Long totalMs, Tokens tokens,
                                       Attempt... attempts) {
        return new UsageRecord(NOW, protocol, requested, stream, null, channel, model, 200, outcome, ttfbMs, totalMs,
                tokens, null, List.of(attempts));
    }

    private long entryId(String ref) {
        return store.entries().get(ref).id();
    }

    @Test
    void countsRequestsAttemptsAndFailoversByChannelModelOutcomeAndProtocol() throws Exception {
        record(
                // west failed over to east, which streamed the answer
                request(CHAT, "my-own-words-for-a-model", true, "east", "gpt-a", LoggedOutcome.SUCCESS, 800L, 2_400L,
                        new Tokens(100L, 20L, 30L, null, 5L),
                        attempt("west", "claude-c", LoggedOutcome.TRANSIENT),
                        attempt("east", "gpt-a", LoggedOutcome.SUCCESS)),
                // a plain answer on the first try
                request(CHAT, "gpt-a", false, "east", "gpt-a", LoggedOutcome.SUCCESS, 300L, 300L,
                        new Tokens(10L, 2L, null, null, null), attempt("east", "gpt-a", LoggedOutcome.SUCCESS)),
                // every candidate failed: no entry answered
                request("anthropic-messages", "claude", false, null, null, LoggedOutcome.ALL_FAILED, null, 900L, null,
                        attempt("east", "gpt-b", LoggedOutcome.CREDENTIAL),
                        attempt("west", "claude-c", LoggedOutcome.MISSING_MODEL)),
                // refused by the access guard: never routed
                request(CHAT, null, false, null, null, LoggedOutcome.REFUSED, null, 1L, null));

        var s = scrape();

        assertEquals("counter", s.type("switchboard_requests_total"));
        assertEquals(2, s.value("switchboard_requests_total", "client_protocol", CHAT, "channel", "east",
                "model", "gpt-a", "outcome", "success"));
        assertEquals(1, s.value("switchboard_requests_total", "client_protocol", "anthropic-messages",
                "channel", "", "model", "", "outcome", "all_failed"));
        assertEquals(1, s.value("switchboard_requests_total", "client_protocol", CHAT, "outcome", "refused"));
        assertEquals(1, s.value("switchboard_refused_requests_total", "client_protocol", CHAT, "outcome", "refused"));
        assertTrue(s.all("switchboard_refused_requests_total", "outcome", "all_failed").isEmpty(),
                "a request that was routed is not a refusal");

        assertEquals(2, s.value("switchboard_attempts_total", "channel", "east", "model", "gpt-a",
                "outcome", "success"));
        assertEquals(1, s.value("switchboard_attempts_total", "client_protocol", CHAT, "channel", "west",
                "model", "claude-c", "outcome", "transient"));
        assertEquals(1, s.value("switchboard_attempts_total", "client_protocol", "anthropic-messages",
                "channel", "west", "model", "claude-c", "outcome", "missing_model"));
        // the attempts that were followed by another: the entry left, and why
        assertEquals(1, s.value("switchboard_failovers_total", "client_protocol", CHAT, "channel", "west",
                "model", "claude-c", "outcome", "transient"));
        assertEquals(1, s.value("switchboard_failovers_total", "client_protocol", "anthropic-messages",
                "channel", "east", "model", "gpt-b", "outcome", "credential"));
        assertEquals(2, s.all("switchboard_failovers_total").size(), "a request's last attempt is no failover");
        assertEquals(1, s.value("switchboard_failed_over_requests_total", "client_protocol", CHAT,
                "outcome", "success"));
        assertEquals(1, s.value("switchboard_failed_over_requests_total", "client_protocol", "anthropic-messages",
                "outcome", "all_failed"));

        // histograms: answered requests only; time to first token for streams only
        assertEquals("histogram", s.type("switchboard_request_duration_seconds_bucket"));
        var east = new String[] {"client_protocol", CHAT, "channel", "east", "model", "gpt-a"};
        assertEquals(2, s.value("switchboard_request_duration_seconds_count", east));
        assertEquals(2.7, s.value("switchboard_request_duration_seconds_sum", east), 1e-9);
        assertEquals(1, s.value("switchboard_request_duration_seconds_bucket", with(east, "le", "0.5")));
        assertEquals(1, s.value("switchboard_request_duration_seconds_bucket", with(east, "le", "1.0")));
        assertEquals(2, s.value("switchboard_request_duration_seconds_bucket", with(east, "le", "2.5")));
        assertEquals(2, s.value("switchboard_request_duration_seconds_bucket", with(east, "le", "300.0")));
        assertEquals(1, s.value("switchboard_time_to_first_token_seconds_count", east));
        assertEquals(0, s.value("switchboard_time_to_first_token_seconds_bucket", with(east, "le", "0.75")));
        assertEquals(1, s.value("switchboard_time_to_first_token_seconds_bucket", with(east, "le", "1.0")));
        assertTrue(s.all("switchboard_request_duration_seconds_count", "client_protocol", "anthropic-messages")
                .isEmpty(), "a failed request's duration is not an answer's latency");

        assertEquals(110, s.value("switchboard_tokens_total", "channel", "east", "model", "gpt-a", "type", "input"));
        assertEquals(22, s.value("switchboard_tokens_total", "channel", "east", "model", "gpt-a", "type", "output"));
        assertEquals(30, s.value("switchboard_tokens_total", "channel", "east", "model", "gpt-a",
                "type", "cache_read"));
        assertEquals(5, s.value("switchboard_tokens_total", "channel", "east", "model", "gpt-a", "type", "reasoning"));
        assertTrue(s.find("switchboard_tokens_total", "type", "cache_write").isEmpty(), "unreported is not zero");

        // the model a client asked for is free text: never a label
        assertFalse(s.text().contains("my-own-words-for-a-model"), s.text());
        assertTrue(s.samples().stream().noneMatch(x -> x.labels().containsKey("requested_model")));
    }

    @Test
    void entryGaugesFollowLiveHealthAtEachScrape() throws Exception {
        store.entries().add("west", "claude-off", null, true);
        store.entries().setEnabled("west/claude-off", false);
        long a = entryId("east/gpt-a");
        long b = entryId("east/gpt-b");
        health.put(a, new Health(a, NOW.plusSeconds(90), null, 1, null, "overloaded"));
        health.put(b, new Health(b, null, "invalid api key", 1, null, "invalid api key"));

        var s = scrape();

        assertEquals("gauge", s.type("switchboard_entries"));
        assertEquals(1, s.value("switchboard_entries", "state", "cooling_down"));
        assertEquals(1, s.value("switchboard_entries", "state", "system_disabled"));
        assertEquals(1, s.value("switchboard_entries", "state", "available"));
        assertEquals(1, s.value("switchboard_entries", "state", "unroutable"));
        assertEquals(90, s.value("switchboard_entry_cooldown_remaining_seconds", "channel", "east", "model", "gpt-a"));
        assertEquals(0, s.value("switchboard_entry_cooldown_remaining_seconds", "channel", "east", "model", "gpt-b"));
        assertEquals(1, s.value("switchboard_entry_system_disabled", "channel", "east", "model", "gpt-b"));
        assertEquals(0, s.value("switchboard_entry_system_disabled", "channel", "east", "model", "gpt-a"));
        assertEquals(1, s.value("switchboard_info", "version", "9.9.9-test"));

        // the cooldown ends and the person re-enables b: the next scrape says so, nothing is remembered
        health.clear();
        store.channels().setEnabled("west", false);
        var after = scrape();
        assertEquals(2, after.value("switchboard_entries", "state", "available"));
        assertEquals(2, after.value("switchboard_entries", "state", "unroutable"));
        assertEquals(0, after.value("switchboard_entries", "state", "cooling_down"));
        assertEquals(0, after.value("switchboard_entry_cooldown_remaining_seconds", "channel", "east",
                "model", "gpt-a"));
        assertEquals(0, after.value("switchboard_entry_system_disabled", "channel", "east", "model", "gpt-b"));
    }

    @Test
    void exportsUpstreamBalancesOnlyWhereTheSourceKnowsThem() {
        var none = scrape();
        assertFalse(none.text().contains("switchboard_upstream_balance"), "no balance known: no series, no help");

        balances.add(new BalanceSource.Balance("east", 12.5, 50.0, "USD", "ok"));
        balances.add(new BalanceSource.Balance("west", 3000.0, null, "tokens", "low"));
        balances.add(new BalanceSource.Balance("north", null, 10.0, "USD", "unknown"));
        var s = scrape();

        assertEquals("gauge", s.type("switchboard_upstream_balance"));
        assertEquals(12.5, s.value("switchboard_upstream_balance", "channel", "east", "unit", "USD"));
        assertEquals(50, s.value("switchboard_upstream_balance_limit", "channel", "east", "unit", "USD"));
        assertEquals(3000, s.value("switchboard_upstream_balance", "channel", "west", "unit", "tokens"));
        assertTrue(s.find("switchboard_upstream_balance_limit", "channel", "west").isEmpty());
        assertTrue(s.find("switchboard_upstream_balance", "channel", "north").isEmpty(), "unknown is not zero");
    }

    @Test
    void saysHowManyRecordsTheRecorderDropped() {
        assertEquals(0, scrape().value("switchboard_usage_records_dropped_total"));
        dropped.set(7);
        var s = scrape();
        assertEquals("counter", s.type("switchboard_usage_records_dropped_total"));
        assertEquals(7, s.value("switchboard_usage_records_dropped_total"));
    }

    private static String[] with(String[] labels, String... more) {
        var all = new ArrayList<>(List.of(labels));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
