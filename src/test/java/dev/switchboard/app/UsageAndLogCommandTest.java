package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Database;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.usage.UsageRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard usage} and {@code switchboard log} over a real database, its rows written by the gateway's
 * own recorder. CliRun's clock stands at 2025-01-15T10:00Z (UTC), so "the last 24 hours" is known.
 */
class UsageAndLogCommandTest {
    private static final String KEY = "sk-test-usage-log-key-1";
    private static final Instant NOW = CliRun.CLOCK.instant();

    @TempDir
    Path dir;

    private Store store;
    private UsageRecorder recorder;

    @BeforeEach
    void open() {
        // the channel makes KEY a secret this process holds, as a gateway holds its channels' keys
        CliRun.run(dir, "channels", "add", "--force", "relay", "--type", "openai", "--url", "http://127.0.0.1:9/v1",
                "--key", KEY).ok();
        store = Store.open(dir, Database.Check.FULL, CliRun.CLOCK);
        recorder = UsageRecorder.start(store.usage());
    }

    @AfterEach
    void close() {
        LogCommand.pause = LogCommand.SLEEP;
        recorder.close();
        store.close();
    }

    private static UsageRecord.Attempt attempt(String channel, String model, int key, int status, LoggedOutcome o,
                                               String error) {
        return new UsageRecord.Attempt(1L, channel, model, key, status, o, 90L, 100L, error);
    }

    private static UsageRecord success(Instant at, String channel, String model, long in, long out,
                                       UsageRecord.Attempt... before) {
        var attempts = new ArrayList<>(List.of(before));
        attempts.add(attempt(channel, model, 0, 200, LoggedOutcome.SUCCESS, null));
        return new UsageRecord(at, "openai-chat", "auto", false, 1L, channel, model, 200, LoggedOutcome.SUCCESS, 100L,
                250L, new UsageRecord.Tokens(in, out, null, null, null), null, attempts);
    }

    private void record(UsageRecord... records) throws InterruptedException {
        for (var r : records) {
            recorder.record(r);
        }
        recorder.flush();
    }

    /** Two successes on two channels (one after a rate-limited try), one failure, and one older than a day. */
    private void history() throws InterruptedException {
        record(success(NOW.minus(Duration.ofHours(1)), "relay", "gpt-4o", 100, 10,
                        attempt("other", "gpt-4o", 1, 429, LoggedOutcome.TRANSIENT, "rate limited")),
                success(NOW.minus(Duration.ofHours(2)), "other", "claude-sonnet-4", 50, 5),
                new UsageRecord(NOW.minus(Duration.ofMinutes(30)), "anthropic", "four", true, null, null, null, 502,
                        LoggedOutcome.ALL_FAILED, null, 40L, null, "every candidate failed", List.of(
                        attempt("relay", "gpt-4o", 0, 401, LoggedOutcome.CREDENTIAL,
                                "invalid api key " + KEY + " for this account"))),
                success(NOW.minus(Duration.ofDays(3)), "relay", "gpt-4o", 1000, 100));
    }

    @Test
    void usageTotalsAndBreaksDownTheLast24HoursByDefault() throws Exception {
        history();
        var r = CliRun.run(dir, "usage").ok().prints("Usage from 2025-01-14 10:00 to 2025-01-15 10:00",
                "requests:  3 (2 ok, 1 failed, 67% success)", "tokens:    in 150, out 15", "CHANNEL", "MODEL");
        r.out().lines().forEach(l -> assertTrue(l.length() <= Text.WIDTH, l));
        var lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("relay\\s+1\\s+1\\s+100%\\s+100\\s+10\\s+250\\s+2\\s+1")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("other\\s+1\\s+1\\s+100%\\s+50\\s+5\\s+250\\s+2\\s+1")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("(no channel)")), r.out());

        var week = CliRun.run(dir, "usage", "--last", "7d", "--by", "model", "--json").ok().json();
        assertEquals(4, week.get("totals").get("requests").asInt());
        assertEquals(1150, week.get("totals").get("tokens").get("input").asInt());
        assertTrue(week.get("channels") == null, "--by model shows models only");
        assertEquals("gpt-4o", week.get("models").get(0).get("name").asText());
        assertEquals(2, week.get("models").get(0).get("requests").asInt());

        var old = CliRun.run(dir, "usage", "--since", "2025-01-11", "--until", "2025-01-13T00:00:00Z", "--json")
                .ok().json();
        assertEquals(1, old.get("totals").get("requests").asInt());
        assertEquals("2025-01-11T00:00:00Z", old.get("from").asText());
    }

    @Test
    void usageRefusesUnclearRanges() {
        CliRun.run(dir, "usage", "--last", "3w").fails(Main.USAGE, "24h, 7d or 30d");
        CliRun.run(dir, "usage", "--last", "7d", "--since", "2025-01-01").fails(Main.USAGE, "--last");
        CliRun.run(dir, "usage", "--since", "yesterday").fails(Main.USAGE, "--since", "2025-01-15");
        CliRun.run(dir, "usage", "--since", "2025-01-16").fails(Main.USAGE, "ends before it starts");
        CliRun.run(dir, "usage", "--by", "key").fails(Main.USAGE, "channel or model");
        CliRun.run(dir, "usage").ok().prints("requests:  0");
    }

    @Test
    void logShowsTheNewestRequestsOldestFirstWithTheirAttemptsAndNoKey() throws Exception {
        CliRun.run(dir, "log").ok().prints("No requests logged yet");
        history();
        var r = CliRun.run(dir, "log", "-n", "3").ok().hides(KEY);
        r.out().lines().forEach(l -> assertTrue(l.length() <= Text.WIDTH, l));
        var lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("TIME"), r.out());
        assertTrue(lines.get(1).startsWith("01-15 08:00:00 200 openai-chat auto"), r.out());
        assertTrue(lines.get(1).contains("other/claude-sonnet-4") && lines.get(1).endsWith("success"), r.out());
        assertTrue(lines.get(2).startsWith("01-15 09:00:00 200") && lines.get(2).contains("relay/gpt-4o"), r.out());
        assertEquals("  #1 other/gpt-4o key 2 429 100ms transient: rate limited", lines.get(3));
        assertEquals("  #2 relay/gpt-4o key 1 200 100ms success", lines.get(4));
        assertTrue(lines.get(5).startsWith("01-15 09:30:00 502 anthropic") && lines.get(5).contains("all_failed"),
                r.out());
        assertTrue(lines.get(6).startsWith("  #1 relay/gpt-4o key 1 401 100ms credential: invalid api key"), r.out());
        assertEquals(7, lines.size(), r.out());

        var json = CliRun.run(dir, "log", "-n", "2", "--json").ok().hides(KEY).json();
        assertEquals(2, json.size());
        assertEquals("all_failed", json.get(1).get("outcome").asText());
        assertEquals(1, json.get(1).get("attempts").get(0).get("key").asInt(), "a key by its position only");
        assertTrue(json.get(1).get("attempts").get(0).get("error").asText().startsWith("invalid api key"));
    }

    @Test
    void logSaysWhichRuleOrTierChoseEachRequest() throws Exception {
        var s = success(NOW.minus(Duration.ofMinutes(2)), "relay", "gpt-4o", 1, 1);
        record(new UsageRecord(s.startedAt(), "anthropic-messages", "claude-haiku-4-5", false, 1L, "relay", "gpt-4o",
                        200, LoggedOutcome.SUCCESS, 100L, 250L, s.tokens(), null, s.attempts(), "rule:background"),
                new UsageRecord(NOW.minus(Duration.ofMinutes(1)), "openai-chat", "gpt-4o", false, 1L, "relay",
                        "gpt-4o", 200, LoggedOutcome.SUCCESS, 100L, 250L, s.tokens(), null, s.attempts(),
                        "tier:exact"));

        var lines = CliRun.run(dir, "log", "-n", "2").ok().out().lines().toList();

        assertTrue(lines.get(1).contains("claude-haiku-4-5") && lines.get(1).endsWith("success"), lines::toString);
        assertEquals("  chosen by rule:background", lines.get(2));
        assertTrue(lines.get(3).contains("gpt-4o") && lines.get(3).endsWith("success"), lines::toString);
        assertEquals("  chosen by tier:exact", lines.get(4));
        assertEquals(5, lines.size(), lines::toString);
        var json = CliRun.run(dir, "log", "-n", "2", "--json").ok().json();
        assertEquals("rule:background", json.get(0).get("chosenBy").asText());
        assertEquals("tier:exact", json.get(1).get("chosenBy").asText());
    }

    @Test
    void followPrintsRowsAsTheyAreRecordedUntilStopped() throws Exception {
        record(success(NOW.minus(Duration.ofMinutes(5)), "relay", "gpt-4o", 1, 1));
        var polls = new ArrayList<Duration>();
        LogCommand.pause = interval -> {
            polls.add(interval);
            if (polls.size() == 1) {
                // a request finishes while `log --follow` waits
                record(success(NOW.minus(Duration.ofMinutes(1)), "relay", "gpt-4o-mini", 1, 1));
                return true;
            }
            return false; // as Ctrl-C would, but without a signal
        };
        var r = CliRun.run(dir, "log", "-n", "1", "--follow").ok();
        var lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(1).contains("relay/gpt-4o ") && lines.get(1).startsWith("01-15 09:55:00"), r.out());
        assertTrue(lines.get(2).contains("relay/gpt-4o-mini") && lines.get(2).startsWith("01-15 09:59:00"), r.out());
        assertEquals(List.of(LogCommand.POLL, LogCommand.POLL), polls);

        // as JSON: one object a line, the new one after the pause
        polls.clear();
        var json = CliRun.run(dir, "log", "-n", "0", "--follow", "--json").ok();
        var objects = json.out().lines().toList();
        assertEquals(1, objects.size(), json.out());
        assertEquals("gpt-4o-mini", CliRun.JSON.readTree(objects.get(0)).get("upstreamModel").asText());
    }
}
