package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Database;
import dev.switchboard.store.RequestFilter;
import dev.switchboard.store.RequestPage;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statistics over a real SQLite store, with requests at known times in Berlin's zone (UTC+2 in June): exact
 * totals, breakdowns, trend buckets (also across both DST changes), paging and filters.
 */
class UsageStatsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 12:00 in Berlin on 1 June 2025; Berlin's day is [2025-05-31T22:00Z, 2025-06-01T22:00Z). */
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Store store;
    private UsageStats stats;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, CLOCK);
        stats = UsageStats.of(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static UsageRecord.Attempt attempt(String channel, String model, int status, LoggedOutcome outcome, long ms,
                                       String error) {
        return new UsageRecord.Attempt(1L, channel, model, 0, status, outcome, ms, ms, error);
    }

    static UsageRecord served(String at, String channel, String model, long in, long out, Long cacheRead,
                              Long cacheWrite, Long reasoning, long ttfb, long total,
                              List<UsageRecord.Attempt> attempts) {
        return new UsageRecord(Instant.parse(at), "openai", "auto", true, 1L, channel, model, 200, LoggedOutcome.SUCCESS,
                ttfb, total, new UsageRecord.Tokens(in, out, cacheRead, cacheWrite, reasoning), null, attempts);
    }

    static UsageRecord failed(String at, String requested, int status, LoggedOutcome outcome, String error,
                              List<UsageRecord.Attempt> attempts) {
        return new UsageRecord(Instant.parse(at), "anthropic", requested, false, null, null, null, status, outcome,
                null, 40L, null, error, attempts);
    }

    // Today (Berlin): r0 at the very start, r1..r4 in the morning; one at the very end of the day (excluded).
    static final UsageRecord R0 = failed("2025-05-31T22:00:00Z", "gpt-9", 404, LoggedOutcome.NO_CANDIDATE,
            "No enabled model answers to 'gpt-9'.", List.of());
    static final UsageRecord R1 = served("2025-06-01T08:05:00Z", "alpha", "gpt-4o", 1000, 200, 800L, null, 50L,
            300, 1200, List.of(attempt("alpha", "gpt-4o", 200, LoggedOutcome.SUCCESS, 1200, null)));
    static final UsageRecord R2 = served("2025-06-01T08:40:00Z", "beta", "claude-x", 500, 100, null, 100L, null,
            500, 2000, List.of(attempt("alpha", "gpt-4o", 429, LoggedOutcome.TRANSIENT, 90, "rate limited"),
                    attempt("beta", "claude-x", 200, LoggedOutcome.SUCCESS, 2000, null)));
    static final UsageRecord R3 = failed("2025-06-01T09:10:00Z", "auto", 502, LoggedOutcome.ALL_FAILED, "Every candidate failed",
            List.of(attempt("alpha", "gpt-4o", 503, LoggedOutcome.TRANSIENT, 70, "overloaded"),
                    attempt("beta", "claude-x", 401, LoggedOutcome.CREDENTIAL, 30, "invalid key")));
    static final UsageRecord R4 = served("2025-06-01T09:30:00Z", "alpha", "gpt-4o", 2000, 300, null, null, null,
            100, 800, List.of(attempt("alpha", "gpt-4o", 200, LoggedOutcome.SUCCESS, 800, null)));
    static final UsageRecord TOMORROW = served("2025-06-01T22:00:00Z", "alpha", "gpt-4o", 7, 7, null, null, null,
            1, 1, List.of());
    static final UsageRecord YESTERDAY = served("2025-05-31T15:00:00Z", "alpha", "gpt-4o", 10_000, 1000, null, null,
            null, 100, 900, List.of());
    static final UsageRecord TWELVE_DAYS_AGO = served("2025-05-20T12:00:00Z", "gamma", "gemini-x", 5, 5, null, null,
            null, 100, 900, List.of());

    private void insertAll() {
        // Out of order on purpose: the log sorts by time, not by insertion.
        store.usage().insert(List.of(R3, TOMORROW, R0, R1, YESTERDAY, R4, TWELVE_DAYS_AGO, R2));
    }

    private static UsageRange today() {
        return UsageRange.today(CLOCK, BERLIN);
    }

    @Test
    void todayIsTheLocalDay() {
        var today = today();
        assertEquals(Instant.parse("2025-05-31T22:00:00Z"), today.from());
        assertEquals(Instant.parse("2025-06-01T22:00:00Z"), today.to());
        assertEquals(UsageRange.Granularity.HOUR, today.granularity());
        var week = UsageRange.lastDays(7, CLOCK, BERLIN);
        assertEquals(Instant.parse("2025-05-25T22:00:00Z"), week.from());
        assertEquals(today.to(), week.to());
        assertEquals(UsageRange.Granularity.DAY, week.granularity());
        assertThrows(IllegalArgumentException.class, () -> new UsageRange(NOW, NOW, BERLIN));
    }

    @Test
    void totalsCountTheRangeOnlyHalfOpen() {
        insertAll();

        var t = stats.totals(today());

        assertEquals(5, t.requests()); // R0 at the first instant is in, TOMORROW at the end instant is out
        assertEquals(3, t.successes());
        assertEquals(2, t.failures());
        assertEquals(0.6, t.successRate(), 1e-9);
        assertEquals(new TokenSums(3500, 600, 800, 100, 50), t.tokens());

        assertEquals(6, stats.totals(UsageRange.lastDays(7, CLOCK, BERLIN)).requests()); // + YESTERDAY
        assertEquals(7, stats.totals(UsageRange.lastDays(30, CLOCK, BERLIN)).requests()); // + TWELVE_DAYS_AGO
    }

    @Test
    void anEmptyRangeHasNoRateRatherThanZero() {
        var t = stats.totals(today());
        assertEquals(UsageTotals.NONE, t);
        assertNull(t.successRate());
        assertTrue(stats.channels(today()).isEmpty());
        assertEquals(0, stats.page(today(), RequestFilter.ALL, 50, 0).total());
    }

    @Test
    void perChannelCountsServedRequestsAndEveryTry() {
        insertAll();

        var channels = stats.channels(today());

        assertEquals(List.of(
                new UsageBreakdown("alpha", 2, 2, new TokenSums(3000, 500, 800, 0, 50), 200.0, 1000.0, 4, 2),
                new UsageBreakdown(null, 2, 0, TokenSums.NONE, null, null, 0, 0),
                new UsageBreakdown("beta", 1, 1, new TokenSums(500, 100, 0, 100, 0), 500.0, 2000.0, 2, 1)),
                channels);
        assertEquals(1.0, channels.get(0).successRate(), 1e-9);
    }

    @Test
    void aChannelThatOnlyFailedStillShows() {
        store.usage().insert(List.of(R3));

        var channels = stats.channels(today());

        assertEquals(List.of(
                new UsageBreakdown(null, 1, 0, TokenSums.NONE, null, null, 0, 0),
                new UsageBreakdown("alpha", 0, 0, TokenSums.NONE, null, null, 1, 1),
                new UsageBreakdown("beta", 0, 0, TokenSums.NONE, null, null, 1, 1)), channels);
        assertNull(channels.get(1).successRate());
    }

    @Test
    void perModelUsesTheServedModelElseTheRequestedOne() {
        insertAll();

        assertEquals(List.of(
                new UsageBreakdown("gpt-4o", 2, 2, new TokenSums(3000, 500, 800, 0, 50), 200.0, 1000.0, 4, 2),
                new UsageBreakdown("claude-x", 1, 1, new TokenSums(500, 100, 0, 100, 0), 500.0, 2000.0, 2, 1),
                new UsageBreakdown("auto", 1, 0, TokenSums.NONE, null, null, 0, 0),
                new UsageBreakdown("gpt-9", 1, 0, TokenSums.NONE, null, null, 0, 0)),
                stats.models(today()));
    }

    @Test
    void todaysTrendHasOneBucketPerLocalHour() {
        insertAll();

        var trend = stats.trend(today());

        assertEquals(UsageRange.Granularity.HOUR, trend.granularity());
        assertEquals(24, trend.points().size());
        var p = trend.points();
        assertEquals(new TrendPoint(Instant.parse("2025-05-31T22:00:00Z"), Instant.parse("2025-05-31T23:00:00Z"),
                1, 1, 0, 0), p.get(0));
        // 10:00 local = 08:00Z: R1 and R2
        assertEquals(new TrendPoint(Instant.parse("2025-06-01T08:00:00Z"), Instant.parse("2025-06-01T09:00:00Z"),
                2, 0, 1500, 300), p.get(10));
        // 11:00 local: R3 (failed) and R4
        assertEquals(new TrendPoint(Instant.parse("2025-06-01T09:00:00Z"), Instant.parse("2025-06-01T10:00:00Z"),
                2, 1, 2000, 300), p.get(11));
        assertEquals(5, p.stream().mapToLong(TrendPoint::requests).sum());
        assertEquals(0, p.get(23).requests());
    }

    @Test
    void aWeeksTrendHasOneBucketPerLocalDay() {
        insertAll();

        var trend = stats.trend(UsageRange.lastDays(7, CLOCK, BERLIN));

        assertEquals(UsageRange.Granularity.DAY, trend.granularity());
        assertEquals(7, trend.points().size());
        var requests = trend.points().stream().map(TrendPoint::requests).toList();
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1L, 5L), requests);
        assertEquals(10_000 + 1000, trend.points().get(5).tokens());
        assertEquals(Instant.parse("2025-05-30T22:00:00Z"), trend.points().get(5).start());
    }

    @Test
    void springForwardDayHas23HourBucketsAndNo0200() {
        var day = UsageRange.today(Clock.fixed(Instant.parse("2025-03-30T12:00:00Z"), ZoneOffset.UTC), BERLIN);
        var buckets = day.buckets();

        assertEquals(23, buckets.size());
        assertEquals(Duration.ofHours(23), Duration.between(day.from(), day.to()));
        var localStarts = buckets.stream().map(b -> LocalDateTime.ofInstant(b.start(), BERLIN).getHour()).toList();
        assertEquals(List.of(0, 1, 3, 4), localStarts.subList(0, 4));
        buckets.forEach(b -> assertEquals(Duration.ofHours(1), Duration.between(b.start(), b.end())));
    }

    @Test
    void fallBackDayHas25HourBucketsWithTheRepeatedHourTwice() {
        var clock = Clock.fixed(Instant.parse("2025-10-26T12:00:00Z"), ZoneOffset.UTC);
        var day = UsageRange.today(clock, BERLIN);
        // 02:30 summer time, then 02:30 winter time: the same wall-clock time, an hour apart.
        store.usage().insert(List.of(
                served("2025-10-26T00:30:00Z", "alpha", "gpt-4o", 1, 1, null, null, null, 1, 1, List.of()),
                served("2025-10-26T01:30:00Z", "alpha", "gpt-4o", 2, 2, null, null, null, 1, 1, List.of()),
                served("2025-10-26T01:40:00Z", "alpha", "gpt-4o", 3, 3, null, null, null, 1, 1, List.of())));

        var points = stats.trend(day).points();

        assertEquals(25, points.size());
        var localStarts = points.stream().map(b -> LocalDateTime.ofInstant(b.start(), BERLIN).getHour()).toList();
        assertEquals(List.of(0, 1, 2, 2, 3), localStarts.subList(0, 5));
        assertEquals(1, points.get(2).requests());
        assertEquals(2, points.get(3).requests());
        assertEquals(10, points.get(3).tokens());
    }

    @Test
    void aDayBucketAcrossTheChangeIsTheWholeLocalDay() {
        var week = UsageRange.lastDays(7, Clock.fixed(Instant.parse("2025-04-01T12:00:00Z"), ZoneOffset.UTC), BERLIN);
        var buckets = week.buckets();

        assertEquals(7, buckets.size());
        var lengths = buckets.stream().map(b -> Duration.between(b.start(), b.end()).toHours()).toList();
        assertEquals(List.of(24L, 24L, 24L, 24L, 23L, 24L, 24L), lengths); // 30 March is 23 hours long
        for (int i = 1; i < buckets.size(); i++) {
            assertEquals(buckets.get(i - 1).end(), buckets.get(i).start());
        }
        assertEquals(0, LocalDateTime.ofInstant(buckets.get(6).start(), BERLIN).getHour());
    }

    @Test
    void anUnalignedRangeIsCutAtItsEnds() {
        var range = new UsageRange(Instant.parse("2025-06-01T08:30:00Z"), Instant.parse("2025-06-01T10:15:00Z"),
                BERLIN);
        assertEquals(List.of(
                new UsageRange.Bucket(Instant.parse("2025-06-01T08:30:00Z"), Instant.parse("2025-06-01T09:00:00Z")),
                new UsageRange.Bucket(Instant.parse("2025-06-01T09:00:00Z"), Instant.parse("2025-06-01T10:00:00Z")),
                new UsageRange.Bucket(Instant.parse("2025-06-01T10:00:00Z"), Instant.parse("2025-06-01T10:15:00Z"))),
                range.buckets());
        insertAll();
        assertEquals(List.of(1L, 2L, 0L), stats.trend(range).points().stream().map(TrendPoint::requests).toList());
    }

    @Test
    void pagesAreNewestFirstWithTheirAttempts() {
        insertAll();

        var first = stats.page(today(), RequestFilter.ALL, 2, 0);
        var second = stats.page(today(), RequestFilter.ALL, 2, 2);
        var last = stats.page(today(), RequestFilter.ALL, 2, 4);

        assertEquals(List.of(R4, R3), records(first));
        assertEquals(List.of(R2, R1), records(second));
        assertEquals(List.of(R0), records(last));
        assertEquals(5, first.total());
        assertTrue(first.hasNext());
        assertFalse(first.hasPrevious());
        assertTrue(last.hasPrevious());
        assertFalse(last.hasNext());
        assertEquals(List.of("alpha", "beta"),
                second.requests().get(0).record().attempts().stream().map(UsageRecord.Attempt::channelName).toList());
        assertEquals("rate limited", second.requests().get(0).record().attempts().get(0).error());
        assertTrue(first.requests().get(0).id() != first.requests().get(1).id());
    }

    @Test
    void filtersMatchWhereARequestEndedOrWhatItTried() {
        insertAll();
        var range = today();

        assertEquals(List.of(R3, R2), records(stats.page(range, new RequestFilter("beta", null, null, false), 50, 0)));
        assertEquals(List.of(R4, R3, R2, R1),
                records(stats.page(range, new RequestFilter("alpha", null, null, false), 50, 0)));
        assertEquals(List.of(R3, R2),
                records(stats.page(range, new RequestFilter(null, "claude-x", null, false), 50, 0)));
        assertEquals(List.of(R0), records(stats.page(range, new RequestFilter(null, "gpt-9", null, false), 50, 0)));
        assertEquals(List.of(R3, R0), records(stats.page(range, new RequestFilter(null, null, null, true), 50, 0)));
        assertEquals(List.of(R0),
                records(stats.page(range, new RequestFilter(null, null, LoggedOutcome.NO_CANDIDATE, false), 50, 0)));
        // R4, R2 (which tried alpha first), R1; the second of them:
        var both = stats.page(range, new RequestFilter("alpha", null, LoggedOutcome.SUCCESS, false), 1, 1);
        assertEquals(List.of(R2), records(both));
        assertEquals(3, both.total());
    }

    @Test
    void reportReadsEverythingForOneRange() {
        insertAll();

        var report = stats.report(today(), RequestFilter.ALL, 3, 0);

        assertEquals(5, report.totals().requests());
        assertEquals(3, report.channels().size());
        assertEquals(4, report.models().size());
        assertEquals(24, report.trend().points().size());
        assertEquals(List.of(R4, R3, R2), records(report.page()));
    }

    @Test
    void refusesPagesOutOfBounds() {
        assertThrows(IllegalArgumentException.class, () -> stats.page(today(), RequestFilter.ALL, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> stats.page(today(), RequestFilter.ALL, 10, -1));
    }

    private static List<UsageRecord> records(RequestPage page) {
        var out = new ArrayList<UsageRecord>();
        page.requests().forEach(r -> out.add(r.record()));
        return out;
    }
}
