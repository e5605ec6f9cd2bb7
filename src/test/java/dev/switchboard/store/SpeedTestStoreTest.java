package dev.switchboard.store;

import static dev.switchboard.store.TestStores.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeedTestStoreTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheLatestResultPerEntryAndPrunesOldOnes() throws Exception {
        try (var store = TestStores.open(dir)) {
            store.channels().create(TestStores.draft("relay"));
            var e = store.entries().add("relay", "m", null, true);
            for (int i = 0; i < SpeedTestStore.KEPT_PER_ENTRY + 3; i++) {
                store.speedTests().add(new SpeedTestStore.Result(e.id(), NOW.plusSeconds(i), true, 10L + i, 20L + i,
                        "success", null));
            }

            var latest = store.speedTests().latest(e.id()).orElseThrow();
            assertEquals(NOW.plusSeconds(SpeedTestStore.KEPT_PER_ENTRY + 2), latest.testedAt());
            assertEquals(22L + SpeedTestStore.KEPT_PER_ENTRY, latest.totalMs());
            long rows = store.database().read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM speed_test")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(SpeedTestStore.KEPT_PER_ENTRY, rows);

            store.entries().remove("relay/m");
            assertTrue(store.speedTests().latest().isEmpty(), "results go with their entry");
        }
    }

    @Test
    void bySpeedKeepsUntestedInTheirOrderBetweenMeasuredAndFailed() {
        assertEquals(List.of(4L, 2L, 1L, 5L, 3L),
                EntryStore.bySpeed(List.of(1L, 2L, 3L, 4L, 5L), Map.of(2L, 500L, 4L, 100L), Set.of(3L)));
        assertEquals(List.of(2L, 1L), EntryStore.bySpeed(List.of(2L, 1L), Map.of(1L, 7L, 2L, 7L), Set.of()),
                "equal times keep their order");
    }

    @Test
    void storesTheMessageWithEveryHeldKeyMasked() {
        try (var store = TestStores.open(dir)) {
            store.channels().create(TestStores.draft("relay"));
            var e = store.entries().add("relay", "m", null, true);
            var key = TestStores.key("relay");

            store.speedTests().add(new SpeedTestStore.Result(e.id(), NOW, false, null, null, "credential",
                    "HTTP 401: no account for " + key));

            assertEquals("HTTP 401: no account for " + ApiKey.mask(key),
                    store.speedTests().latest(e.id()).orElseThrow().message());
        }
    }
}
