package dev.switchboard.store;

import static dev.switchboard.store.TestStores.NOW;
import static dev.switchboard.store.TestStores.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthStoreTest {
    @TempDir
    Path dir;

    private Store store;
    private Entry gpt;
    private Entry claude;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        store.channels().create(draft("relay"));
        gpt = store.entries().add("relay", "gpt-4o", null, true);
        claude = store.entries().add("relay", "claude-sonnet-4", null, true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Health cooling(long entryId) {
        return new Health(entryId, NOW.plus(Duration.ofSeconds(300)), "403 account suspended", 4, 1234L,
                "HTTP 403 from upstream");
    }

    @Test
    void anEntryWithoutHealthIsFresh() {
        assertEquals(Health.fresh(gpt.id()), store.health().get(gpt.id()));
        assertEquals(Map.of(), store.health().all());
    }

    @Test
    void savesAndReadsBackEveryField() {
        var health = cooling(gpt.id());

        store.health().save(health);

        assertEquals(health, store.health().get(gpt.id()));
        assertTrue(store.health().get(gpt.id()).coolingAt(NOW));
        assertTrue(store.health().get(gpt.id()).systemDisabled());
    }

    @Test
    void keepsNullFieldsNull() {
        var health = new Health(gpt.id(), null, null, 1, null, null);

        store.health().save(health);

        var read = store.health().get(gpt.id());
        assertEquals(health, read);
        assertFalse(read.coolingAt(NOW));
        assertFalse(read.systemDisabled());
    }

    @Test
    void saveReplacesTheEarlierHealth() {
        store.health().save(cooling(gpt.id()));
        var recovered = new Health(gpt.id(), null, null, 0, 420L, null);

        store.health().save(recovered);

        assertEquals(recovered, store.health().get(gpt.id()));
        assertEquals(Map.of(gpt.id(), recovered), store.health().all());
    }

    @Test
    void saveIfStillWritesOnlyOverTheHealthTheWriterLastKnew() {
        var known = cooling(gpt.id());
        store.health().save(known);
        var worse = new Health(gpt.id(), NOW.plusSeconds(600), "403 account suspended", 5, 1234L, "HTTP 500");

        assertEquals(Optional.empty(), store.health().saveIfStill(known, worse));
        assertEquals(worse, store.health().get(gpt.id()));

        store.entries().setEnabled("relay/gpt-4o", true); // the person clears it meanwhile
        var cleared = store.health().get(gpt.id());
        var stale = new Health(gpt.id(), NOW.plusSeconds(900), "403 account suspended", 6, 1234L, "HTTP 500");

        assertEquals(Optional.of(cleared), store.health().saveIfStill(worse, stale));
        assertEquals(cleared, store.health().get(gpt.id()), "the person's change stays");
    }

    @Test
    void updateReadsAndWritesInOneGo() {
        store.health().save(cooling(gpt.id()));

        var after = store.health().update(gpt.id(), h -> new Health(h.entryId(), null, h.disabledReason(),
                h.consecutiveFailures() + 1, h.lastLatencyMs(), h.lastError()));

        assertEquals(new Health(gpt.id(), null, "403 account suspended", 5, 1234L, "HTTP 403 from upstream"), after);
        assertEquals(after, store.health().get(gpt.id()));
    }

    @Test
    void allHoldsEveryEntryWithHealth() {
        var a = cooling(gpt.id());
        var b = new Health(claude.id(), null, null, 0, 95L, null);
        store.health().save(a);
        store.health().save(b);

        assertEquals(Map.of(gpt.id(), a, claude.id(), b), store.health().all());
    }

    @Test
    void ignoresHealthOfADeletedEntry() {
        store.entries().remove("relay/gpt-4o");

        store.health().save(cooling(gpt.id()));

        assertEquals(Map.of(), store.health().all());
        assertEquals(Health.fresh(gpt.id()), store.health().get(gpt.id()));
    }

    @Test
    void deletingAnEntryDeletesItsHealth() {
        store.health().save(cooling(gpt.id()));
        store.health().save(cooling(claude.id()));

        store.entries().remove("relay/gpt-4o");

        assertEquals(Map.of(claude.id(), cooling(claude.id())), store.health().all());
    }

    @Test
    void healthSurvivesARestart() {
        var health = cooling(gpt.id());
        store.health().save(health);

        store.close();
        store = TestStores.open(dir);

        assertEquals(health, store.health().get(gpt.id()));
        assertEquals(Map.of(gpt.id(), health), store.health().all());
        assertEquals(health, store.snapshot().health(gpt.id()));
    }

    @Test
    void storesTheDisabledReasonAndLastErrorWithEveryHeldKeyMasked() {
        var key = TestStores.key("relay");
        store.health().save(new Health(gpt.id(), null, "HTTP 401: no account for " + key, 1, null,
                "HTTP 401: no account for " + key));

        var read = store.health().get(gpt.id());

        assertEquals("HTTP 401: no account for " + ApiKey.mask(key), read.disabledReason());
        assertEquals("HTTP 401: no account for " + ApiKey.mask(key), read.lastError());
    }
}
