package dev.switchboard.store;

import static dev.switchboard.store.TestStores.NOW;
import static dev.switchboard.store.TestStores.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
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
                "gpt-4o", 200, "success", 310L, 2400L, new UsageRecord.Tokens(1200L, 340L, 1000L, null, 0L), null,
                List.of(new UsageRecord.Attempt(99L, "first", "gpt-4o", 1, 429, "transient", 120L, 121L,
                                "rate limited"),
                        new UsageRecord.Attempt(entryId, channel, "gpt-4o", 0, 200, "success", 310L, 2400L, null)));
    }

    /** A request no entry could serve: almost everything unknown. */
    private static UsageRecord noCandidate(int secondsAgo) {
        return new UsageRecord(NOW.minus(Duration.ofSeconds(secondsAgo)), "anthropic", null, false, null, null, null,
                null, "no_candidate", null, null, null, "no entry serves 'gpt-9'", List.of());
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
        var attempt = new UsageRecord.Attempt(null, null, null, null, null, "transient", null, null, "connect timeout");
        var record = new UsageRecord(NOW, "responses", "gpt-4o", true, null, null, null, 504, "transient", null, 30000L,
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
        var record = new UsageRecord(NOW, "openai", "auto", false, null, null, null, 502, "all_failed", null, 40L,
                UsageRecord.Tokens.NONE, "Every candidate failed: relay → HTTP 401: bad key " + key,
                List.of(new UsageRecord.Attempt(7L, "relay", "gpt-4o", 0, 401, "credential", null, 40L,
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
}
