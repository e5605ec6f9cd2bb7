package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.usage.UsageRange;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage tab on a real display (Xvfb in CI) over a store with a few requests today and one earlier. */
class UsageTabTest {
    @TempDir
    Path dir;

    private UiFixture fx;
    private UsageTab tab;
    private final ZoneId zone = ZoneId.systemDefault();

    @BeforeEach
    void setUp() throws Exception {
        UiFixture.assumeDisplay();
        fx = new UiFixture(dir);
        // Times from the start of today (the tab's range follows the real clock): always inside "today".
        var midnight = LocalDate.now(fx.ctx.clock().withZone(zone)).atStartOfDay(zone).toInstant();
        fx.store.usage().insert(List.of(
                served(midnight.plusSeconds(60), "alpha", "gpt-4o", 1000, 200),
                served(midnight.plusSeconds(120), "alpha", "gpt-4o", 3000, 800),
                served(midnight.plusSeconds(180), "beta", "claude-x", 500, 500),
                new UsageRecord(midnight.plusSeconds(240), "anthropic", "auto", false, null, null, null, 502,
                        LoggedOutcome.ALL_FAILED, null, 80L, null, "Every candidate for 'auto' failed", List.of(
                                new UsageRecord.Attempt(1L, "alpha", "gpt-4o", 0, 503, LoggedOutcome.TRANSIENT, 40L, 40L,
                                        "overloaded"),
                                new UsageRecord.Attempt(2L, "beta", "claude-x", 0, 401, LoggedOutcome.CREDENTIAL, 30L, 30L,
                                        "bad key: Bearer test-key-alpha-0000000000000000"))),
                served(midnight.minusSeconds(3 * 86_400), "alpha", "gpt-4o", 10_000, 10_000)));
        tab = onEdt(() -> new UsageTab(fx.ctx));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tab != null) {
            onEdt(() -> {
                tab.hidden();
                return null;
            });
        }
        if (fx != null) {
            fx.close();
        }
    }

    static UsageRecord served(Instant at, String channel, String model, long in, long out) {
        return new UsageRecord(at, "openai", "auto", true, 1L, channel, model, 200, LoggedOutcome.SUCCESS, 200L, 900L,
                new UsageRecord.Tokens(in, out, null, null, null), null,
                List.of(new UsageRecord.Attempt(1L, channel, model, 0, 200, LoggedOutcome.SUCCESS, 200L, 900L, null)));
    }

    /** Runs {@code action} on the event thread, then waits until the load it started is on screen. */
    private void andWait(Runnable action) throws Exception {
        CompletableFuture<Void> load = onEdt(() -> {
            action.run();
            return tab.lastLoad();
        });
        load.get(20, TimeUnit.SECONDS);
    }

    @Test
    void showsTodaysNumbersChartAndTables() throws Exception {
        andWait(tab::shown);

        onEdt(() -> {
            assertTrue(tab.timer().isRunning(), "live while shown");
            assertEquals("4", tab.cards().value("requests"));
            assertEquals("1 failed", tab.cards().detail("requests"));
            assertEquals("75 %", tab.cards().value("success"));
            assertEquals("4.5k tokens", tab.cards().value("input"));
            assertEquals("1.5k tokens", tab.cards().value("output"));
            int buckets = UsageRange.today(fx.ctx.clock(), zone).buckets().size(); // 24, or 23/25 on a DST day
            assertEquals(buckets, tab.overview().chart().pointCount());
            long drawn = 0;
            for (int i = 0; i < buckets; i++) {
                drawn += tab.overview().chart().requestsAt(i);
            }
            assertEquals(4, drawn);
            var channels = tab.overview().channelsTable();
            assertEquals(3, channels.getRowCount()); // alpha, beta, and "(none)" for the failed one
            assertEquals("alpha", channels.getValueAt(0, 0));
            assertEquals("3 (1 failed)", channels.getValueAt(0, 6)); // 2 served, 1 failed try
            assertEquals(3, tab.overview().modelsTable().getRowCount());
            assertEquals(4, tab.log().logTable().getRowCount());
            assertEquals("1–4 of 4", tab.log().pageLabel().getText());
            assertFalse(tab.log().olderButton().isEnabled());
            assertEquals(0, tab.log().attemptsTable().getRowCount());
            return null;
        });
    }

    @Test
    void selectingARequestShowsItsAttemptsRedacted() throws Exception {
        andWait(tab::shown);

        onEdt(() -> {
            assertEquals("all failed", tab.log().logTable().getValueAt(0, 5)); // newest first
            tab.log().logTable().setRowSelectionInterval(0, 0);
            var attempts = tab.log().attemptsTable();
            assertEquals(2, attempts.getRowCount());
            assertEquals("alpha", attempts.getValueAt(0, 1));
            assertEquals("temporary failure", attempts.getValueAt(0, 5));
            assertEquals("beta", attempts.getValueAt(1, 1));
            assertEquals("key rejected", attempts.getValueAt(1, 5));
            var error = (String) attempts.getValueAt(1, 8);
            assertTrue(error.startsWith("bad key: Bearer "), error);
            assertFalse(error.contains("test-key-alpha-0000000000000000"), error);
            assertTrue(tab.log().detailText().contains("Every candidate for 'auto' failed"), tab.log().detailText());
            return null;
        });
        // The next live read changes nothing: the selection stays.
        andWait(tab::load);
        onEdt(() -> {
            assertEquals(0, tab.log().logTable().getSelectedRow());
            assertEquals(2, tab.log().attemptsTable().getRowCount());
            return null;
        });
    }

    @Test
    void choosingARangeAndAFilterReloads() throws Exception {
        andWait(tab::shown);

        andWait(() -> tab.rangeBox().setSelectedIndex(1)); // last 7 days
        onEdt(() -> {
            assertEquals("5", tab.cards().value("requests"));
            assertEquals(7, tab.overview().chart().pointCount());
            assertEquals(5, tab.log().logTable().getRowCount());
            return null;
        });

        andWait(() -> tab.log().outcomeFilter().setSelectedIndex(1)); // failed only
        onEdt(() -> {
            assertEquals(1, tab.log().logTable().getRowCount());
            assertEquals("5", tab.cards().value("requests"), "the filter narrows the log, not the totals");
            return null;
        });

        andWait(() -> {
            tab.log().outcomeFilter().setSelectedIndex(0);
            var channels = tab.log().channelFilter();
            for (int i = 0; i < channels.getItemCount(); i++) {
                if ("beta".equals(channels.getItemAt(i).value())) {
                    channels.setSelectedIndex(i);
                }
            }
        });
        onEdt(() -> {
            assertEquals(2, tab.log().logTable().getRowCount()); // served by beta, or tried it
            return null;
        });
    }

    @Test
    void aChosenRangeOfDaysIsShownAndABadOneIsRefusedInline() throws Exception {
        andWait(tab::shown);
        var today = LocalDate.now(fx.ctx.clock().withZone(zone));
        andWait(() -> {
            tab.range().customFromField().setText(today.minusDays(4).toString());
            tab.range().customToField().setText(today.minusDays(2).toString());
            tab.rangeBox().setSelectedIndex(3); // choose days…
        });
        onEdt(() -> {
            assertEquals("1", tab.cards().value("requests"), "only the request three days ago");
            assertEquals(3, tab.overview().chart().pointCount(), "three days, by the day");
            assertEquals("", tab.range().customError().getText());
            return null;
        });

        onEdt(() -> {
            tab.range().customFromField().setText(today.toString());
            tab.range().customToField().setText(today.minusDays(1).toString());
            return tab.range().applyCustom();
        }).get(20, TimeUnit.SECONDS);
        onEdt(() -> {
            var error = tab.range().customError().getText();
            assertTrue(error.contains("must not be after"), error);
            assertEquals("1", tab.cards().value("requests"), "the range shown stays");
            tab.range().customFromField().setText("yesterday");
            tab.range().applyCustom();
            assertTrue(tab.range().customError().getText().contains("yyyy-MM-dd"), tab.range().customError().getText());
            return null;
        });
    }

    @Test
    void hiddenStopsTheTimer() throws Exception {
        andWait(tab::shown);
        assertTrue(onEdt(() -> tab.timer().isRunning()));

        onEdt(() -> {
            tab.hidden();
            return null;
        });

        assertFalse(onEdt(() -> tab.timer().isRunning()));
    }
}
