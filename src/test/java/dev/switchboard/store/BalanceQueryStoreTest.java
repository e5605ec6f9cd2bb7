package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel's balance query in the store (schema V6): validated when saved, kept with the last check, carried by
 * export and import with its secret header values withheld from a keyless file.
 */
class BalanceQueryStoreTest {
    static final String TOKEN = "access-token-FAKE-0000111122223333";

    @TempDir
    Path dir;

    static BalanceQuery custom() {
        return new BalanceQuery(BalancePreset.CUSTOM, "/api/user/self", null,
                Map.of("Authorization", TOKEN), new BalanceQuery.Mapping("$.data.quota / 500000", null, "USD", null),
                "10%");
    }

    @Test
    void queryIsStoredCanonicalAndReadBack() {
        try (var s = TestStores.open(dir)) {
            s.channels().create(TestStores.draft("relay").withBalanceQuery(custom()));

            var q = s.channels().get("relay").balanceQuery();

            assertEquals(BalancePreset.CUSTOM, q.preset());
            assertEquals("GET", q.method(), "the default method, written out");
            assertEquals(TOKEN, q.headers().get("Authorization"));
            assertEquals("$.data.quota / 500000", q.mapping().remaining());
            assertEquals("10%", q.low());
        }
    }

    @Test
    void badQueriesAreRefusedWhenSavedSayingWhatIsWrong() {
        try (var s = TestStores.open(dir)) {
            var noUrl = new BalanceQuery(BalancePreset.CUSTOM, null, null, Map.of(),
                    new BalanceQuery.Mapping("$.a", null, null, null), null);
            assertTrue(TestStores.assertFails(StoreException.Kind.INVALID, () -> s.channels().create(
                    TestStores.draft("a").withBalanceQuery(noUrl))).getMessage().contains("endpoint"));
            var badLow = new BalanceQuery(BalancePreset.DEEPSEEK, null, null, Map.of(), null, "lots");
            assertTrue(TestStores.assertFails(StoreException.Kind.INVALID, () -> s.channels().create(
                    TestStores.draft("b").withBalanceQuery(badLow))).getMessage().contains("threshold"));
            var presetWithUrl = new BalanceQuery(BalancePreset.DEEPSEEK, "/x", null, Map.of(), null, null);
            assertTrue(TestStores.assertFails(StoreException.Kind.INVALID, () -> s.channels().create(
                    TestStores.draft("c").withBalanceQuery(presetWithUrl))).getMessage().contains("own endpoint"));
            var badHeader = new BalanceQuery(BalancePreset.DEEPSEEK, null, null, Map.of("Bad Header", "x"), null, null);
            TestStores.assertFails(StoreException.Kind.INVALID, () -> s.channels().create(
                    TestStores.draft("d").withBalanceQuery(badHeader)));
            assertTrue(s.channels().list().isEmpty(), "nothing half-saved");
        }
    }

    @Test
    void lastCheckIsKeptUntilTheKeysChangeAndGoesWithTheChannel() {
        try (var s = TestStores.open(dir)) {
            var c = s.channels().create(TestStores.draft("relay").withBalanceQuery(BalanceQuery.of(BalancePreset.DEEPSEEK)));
            s.channels().recordBalance(c, new Balance(TestStores.NOW, new BigDecimal("12.50"), null, "CNY", null, null));
            assertEquals(new BigDecimal("12.50"), s.channels().get("relay").balance().remaining());

            s.channels().update("relay", ChannelPatch.builder().name("renamed").build());
            assertEquals("12.50 CNY", s.channels().get("renamed").balance().text(), "a rename is the same account");

            s.channels().update("renamed", ChannelPatch.builder().addKey(TestStores.key("second")).build());
            assertNull(s.channels().get("renamed").balance(), "other keys may be another account");

            s.channels().recordBalance(s.channels().get("renamed"), Balance.failed(TestStores.NOW, "HTTP 401"));
            var failed = s.channels().get("renamed").balance();
            assertTrue(failed.failed());
            assertNull(failed.remaining(), "stored as an error, not as 0");
            s.channels().remove("renamed");
        }
    }

    @Test
    void keylessExportWithholdsTheBalanceHeaderAndImportKeepsTheStoresValue() {
        String json;
        try (var s = TestStores.open(dir.resolve("a"))) {
            s.channels().create(TestStores.draft("relay").withBalanceQuery(custom()));
            s.channels().create(TestStores.draft("ds").withBalanceQuery(new BalanceQuery(BalancePreset.DEEPSEEK, null,
                    null, Map.of("Authorization", "Bearer {key}"), null, null)));
            json = ConfigExport.toJson(s, false);
            assertFalse(json.contains(TOKEN), json);
            assertTrue(json.contains("\"Authorization\" : null"), json);
            assertTrue(json.contains("Bearer {key}"), "a placeholder names no secret: " + json);

            // back into the same store: the withheld value is the store's
            assertEquals(List.of(), ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE));
            assertEquals(TOKEN, s.channels().get("relay").balanceQuery().headers().get("Authorization"));
        }
        try (var s = TestStores.open(dir.resolve("b"))) {
            ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            var q = s.channels().get("relay").balanceQuery();
            assertEquals(List.of("Authorization"), q.withheldHeaders(), "a new store has no value to give it");
            assertEquals("$.data.quota / 500000", q.mapping().remaining());
        }
    }

    @Test
    void mergeOfAFileWithoutBalancesKeepsTheStoresQueryAndReplaceDropsIt() {
        try (var s = TestStores.open(dir)) {
            s.channels().create(TestStores.draft("relay").withBalanceQuery(BalanceQuery.of(BalancePreset.OPENROUTER)));
            var old = ConfigExport.toJson(s, true).replaceAll("(?s),\\s*\"balance\" : \\{[^}]*\\}", "");
            assertFalse(old.contains("balance"), old);

            ConfigImport.apply(s, ConfigDocument.parse(old), ConfigImport.Mode.MERGE);
            assertEquals(BalancePreset.OPENROUTER, s.channels().get("relay").balanceQuery().preset());

            ConfigImport.apply(s, ConfigDocument.parse(old), ConfigImport.Mode.REPLACE);
            assertNull(s.channels().get("relay").balanceQuery());
        }
    }
}
