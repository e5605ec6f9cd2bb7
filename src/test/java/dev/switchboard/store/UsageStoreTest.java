package dev.switchboard.store;

import dev.switchboard.store.LoggedOutcome;
import static dev.switchboard.store.TestStores.NOW;
import static dev.switchboard.store.TestStores.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageStoreTest {
    @TempDir
    Path dir;

    private Store store;
    private UsageStore usage;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        usage = store.usage();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A request that failed over once: a 429 on the first entry, then a success on the second. */
    private static UsageRecord failedOver(int secondsAgo, Long entryId, String channel) {
        return new UsageRecord(NOW.minus(Duration.ofSeconds(secondsAgo)), "openai", "auto", true, entryId, channel,
                "gpt-4o", 200, LoggedOutcome.SUCCESS, 310L, 2400L, new UsageRecord.Tokens(1200L, 340L, 1000L, null, 0L), null,
                List.of(new UsageRecord.Attempt(99L, "first", "gpt-4o", 1, 429, LoggedOutcome.TRANSIENT, 120L, 121L,
                                "rate limited"),
                        new UsageRecord.Attempt(entryId, channel, "gpt-4o", 0, 200, LoggedOutcome.SUCCESS, 310L, 2400L, null)));
    }

    /** A request no entry could serve: almost everything unknown. */
    private static UsageRecord noCandidate(int secondsAgo) {
        return new UsageRecord(NOW.minus(Duration.ofSeconds(secondsAgo)), "anthropic", null, false, null, null, null,
                null, LoggedOutcome.NO_CANDIDATE, null, null, null, "no entry serves 'gpt-9'", List.of());
    }

    @Test
    void readsBackABatchNewestFirstWithAttemptsInOrder() {
        var oldest = failedOver(30, 7L, "relay");
        var newest = noCandidate(10);
        var middle = failedOver(20, 8L, "openai");

        usage.insert(List.of(oldest, newest, middle));

        assertEquals(List.of(newest, middle, oldest), usage.recent(10));
        assertEquals(List.of(newest, middle), usage.recent(2));
        assertEquals(3, usage.count());
    }

    @Test
    void keepsWhatChoseEachRequestsCandidates() {
        var f = failedOver(10, 7L, "relay");
        var byRule = new UsageRecord(f.startedAt(), "anthropic-messages", "claude-haiku-4-5", true, 7L, "relay",
                "gpt-4o", 200, LoggedOutcome.SUCCESS, 310L, 2400L, f.tokens(), null, f.attempts(), "rule:background");
        var skipped = new UsageRecord(f.startedAt().plusSeconds(1), "openai-chat", "gpt-4o", false, 7L, "relay",
                "gpt-4o", 200, LoggedOutcome.SUCCESS, 310L, 2400L, f.tokens(), null, f.attempts(),
                "tier:exact (rule vision skipped: group gone does not exist)");

        usage.insert(List.of(byRule, skipped));

        assertEquals(List.of(skipped, byRule), usage.recent(2));
        assertEquals("rule:background", usage.recent(2).get(1).chosenBy());
        assertNull(noCandidateRead(), "a request refused before routing has none");
    }

    private String noCandidateRead() {
        usage.insert(List.of(noCandidate(1)));
        return usage.recent(1).get(0).chosenBy();
    }

    @Test
    void keepsNullsAsNulls() {
        var record = noCandidate(5);

        usage.insert(List.of(record));

        var read = usage.recent(1).get(0);
        assertEquals(record, read);
        assertEquals(UsageRecord.Tokens.NONE, read.tokens());
        assertNull(read.status());
        assertNull(read.requestedModel());
    }

    @Test
    void keepsAttemptsWithTheirNullFields() {
        var attempt = new UsageRecord.Attempt(null, null, null, null, null, LoggedOutcome.TRANSIENT, null, null, "connect timeout");
        var record = new UsageRecord(NOW, "responses", "gpt-4o", true, null, null, null, 504, LoggedOutcome.TRANSIENT, null, 30000L,
                null, "connect timeout", List.of(attempt, attempt));

        usage.insert(List.of(record));

        assertEquals(List.of(attempt, attempt), usage.recent(1).get(0).attempts());
    }

    @Test
    void anEmptyBatchWritesNothing() {
        usage.insert(List.of());

        assertEquals(0, usage.count());
        assertEquals(List.of(), usage.recent(5));
    }

    @Test
    void historySurvivesARestart() {
        var records = List.of(failedOver(20, 1L, "relay"), failedOver(10, 2L, "relay"));
        usage.insert(records);

        store.close();
        store = TestStores.open(dir);

        assertEquals(List.of(records.get(1), records.get(0)), store.usage().recent(10));
    }

    @Test
    void historySurvivesDeletingTheChannelItMentions() {
        store.channels().create(draft("relay"));
        var entry = store.entries().add("relay", "gpt-4o", null, true);
        var record = failedOver(10, entry.id(), "relay");
        usage.insert(List.of(record));

        store.channels().remove("relay");

        assertEquals(List.of(record), usage.recent(10));
        assertEquals(entry.id(), usage.recent(1).get(0).entryId());
        assertEquals("relay", usage.recent(1).get(0).attempts().get(1).channelName());
    }

    @Test
    void storesErrorsWithEveryHeldKeyMaskedWhateverTheCallerDid() {
        store.channels().create(draft("relay"));
        var key = TestStores.key("relay");
        var record = new UsageRecord(NOW, "openai", "auto", false, null, null, null, 502, LoggedOutcome.ALL_FAILED, null, 40L,
                UsageRecord.Tokens.NONE, "Every candidate failed: relay → HTTP 401: bad key " + key,
                List.of(new UsageRecord.Attempt(7L, "relay", "gpt-4o", 0, 401, LoggedOutcome.CREDENTIAL, null, 40L,
                        "HTTP 401: bad key " + key)));

        usage.insert(List.of(record));

        var stored = store.database().read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT r.error || ' / ' || a.error"
                    + " FROM request_log r JOIN attempt_log a ON a.request_id = r.id")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertEquals("Every candidate failed: relay → HTTP 401: bad key " + ApiKey.mask(key) + " / HTTP 401: bad key "
                + ApiKey.mask(key), stored);
    }

    /** One page of the log between {@code from} and {@code to}, read the way the statistics read it. */
    private RequestPage page(Instant from, Instant to, RequestFilter filter, int limit, int offset) {
        return store.database().read(c -> UsageStore.page(c, from, to, filter, limit, offset));
    }

    private RequestPage lastMinute(RequestFilter filter) {
        return page(NOW.minusSeconds(60), NOW, filter, 50, 0);
    }

    private static List<UsageRecord> records(RequestPage page) {
        return page.requests().stream().map(LoggedRequest::record).toList();
    }

    @Test
    void aPageReadsBackWhatRecentReadsWithRowIdsAndTheTotal() {
        usage.insert(List.of(failedOver(30, 7L, "relay"), noCandidate(10), failedOver(20, 8L, "openai")));

        var first = lastMinute(RequestFilter.ALL);
        assertEquals(usage.recent(10), records(first));
        assertEquals(3, first.total());
        assertEquals(3, first.requests().stream().mapToLong(LoggedRequest::id).distinct().count());

        var second = page(NOW.minusSeconds(60), NOW, RequestFilter.ALL, 2, 2);
        assertEquals(List.of(failedOver(30, 7L, "relay")), records(second));
        assertEquals(3, second.total());
        assertTrue(second.hasPrevious());
        assertFalse(second.hasNext());
    }

    @Test
    void aPageIsHalfOpenInTime() {
        var atStart = noCandidate(60);
        var atEnd = noCandidate(0);
        usage.insert(List.of(atStart, atEnd));

        assertEquals(List.of(atStart), records(lastMinute(RequestFilter.ALL)));
    }

    @Test
    void aChannelOrModelMatchesWhereARequestEndedOrWhatItTried() {
        var viaRelay = failedOver(30, 7L, "relay"); // tried "first" (429), ended on "relay"
        var unserved = noCandidate(20); // asked for nothing, served by nobody
        var asked = new UsageRecord(NOW.minusSeconds(10), "openai", "claude-x", false, null, null, null, 404,
                LoggedOutcome.NO_CANDIDATE, null, 5L, null, "no entry serves 'claude-x'", List.of());
        usage.insert(List.of(viaRelay, unserved, asked));

        assertEquals(List.of(viaRelay), records(lastMinute(new RequestFilter("relay", null, null, false))));
        assertEquals(List.of(viaRelay), records(lastMinute(new RequestFilter("first", null, null, false))));
        assertEquals(List.of(), records(lastMinute(new RequestFilter("other", null, null, false))));
        assertEquals(List.of(viaRelay), records(lastMinute(new RequestFilter(null, "gpt-4o", null, false))));
        assertEquals(List.of(asked), records(lastMinute(new RequestFilter(null, "claude-x", null, false))));
    }

    @Test
    void anOutcomeMatchesExactlyAndFailedOnlyDropsSuccesses() {
        var served = failedOver(30, 7L, "relay");
        var unserved = noCandidate(20);
        usage.insert(List.of(served, unserved));

        assertEquals(List.of(served), records(lastMinute(new RequestFilter(null, null, LoggedOutcome.SUCCESS, false))));
        assertEquals(List.of(unserved), records(lastMinute(new RequestFilter(null, null, LoggedOutcome.NO_CANDIDATE, false))));
        assertEquals(List.of(unserved), records(lastMinute(new RequestFilter(null, null, null, true))));
        var both = lastMinute(new RequestFilter("relay", null, null, true));
        assertEquals(List.of(), both.requests());
        assertEquals(0, both.total());
    }

    @Test
    void aPageRefusesLimitsAndOffsetsOutOfBounds() {
        assertThrows(IllegalArgumentException.class, () -> page(NOW, NOW, RequestFilter.ALL, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> page(NOW, NOW, RequestFilter.ALL, UsageStore.MAX_PAGE + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> page(NOW, NOW, RequestFilter.ALL, 10, -1));
        assertEquals(0, page(NOW, NOW, RequestFilter.ALL, UsageStore.MAX_PAGE, 0).total());
    }
}
