package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.store.RequestFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request log alone, without the tab, its timer or its background reads: it shows the report it is given,
 * keeps the selected request across reads, and asks to read again when the person changes a filter. Under Xvfb in
 * CI.
 */
class RequestLogPaneTest {
    @TempDir
    Path dir;

    private UsageFixture u;
    private UsagePresenter presenter;
    private RequestLogPane pane;
    private final AtomicInteger reloads = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        UiFixture.assumeDisplay();
        u = new UsageFixture(dir);
        presenter = u.presenter;
        var morning = Instant.parse("2025-06-01T07:00:00Z");
        u.store.usage().insert(List.of(
                UsageTabTest.served(morning, "alpha", "gpt-4o", 1000, 200),
                UsageTabTest.served(morning.plusSeconds(60), "beta", "claude-x", 500, 500),
                new UsageRecord(morning.plusSeconds(120), "anthropic", "auto", false, null, null, null, 502,
                        LoggedOutcome.ALL_FAILED, null, 80L, null, "Every candidate for 'auto' failed", List.of(
                                new UsageRecord.Attempt(1L, "alpha", "gpt-4o", 0, 503, LoggedOutcome.TRANSIENT, 40L, 40L,
                                        "overloaded")))));
        pane = onEdt(() -> new RequestLogPane(u.text, presenter, reloads::incrementAndGet));
    }

    @AfterEach
    void close() {
        if (u != null) {
            u.close();
        }
    }

    @Test
    void theSelectedRequestsAttemptsStayAcrossReadsUntilItLeavesTheLog() throws Exception {
        var first = u.read();
        onEdt(() -> {
            pane.show(first);
            assertEquals(3, pane.logTable().getRowCount());
            assertEquals("1–3 of 3", pane.pageLabel().getText());
            assertEquals("Select a request to see which entries it tried and why they failed.", pane.detailText());
            pane.logTable().setRowSelectionInterval(0, 0); // newest first: the failed one
            assertEquals(1, pane.attemptsTable().getRowCount());
            assertTrue(pane.detailText().contains("Every candidate for 'auto' failed"), pane.detailText());
            return null;
        });

        u.store.usage().insert(List.of(UsageTabTest.served(Instant.parse("2025-06-01T08:00:00Z"), "beta", "claude-x",
                10, 10)));
        var grown = u.read();
        onEdt(() -> {
            pane.show(grown);
            assertEquals(4, pane.logTable().getRowCount());
            assertEquals(1, pane.logTable().getSelectedRow(), "the same request, one row further down");
            assertEquals(1, pane.attemptsTable().getRowCount());
            return null;
        });

        presenter.filter(new RequestFilter("beta", null, null, false));
        var narrowed = u.read();
        onEdt(() -> {
            pane.show(narrowed);
            assertEquals(2, pane.logTable().getRowCount());
            assertEquals(-1, pane.logTable().getSelectedRow());
            assertEquals(0, pane.attemptsTable().getRowCount(), "the selected request is not listed any more");
            assertEquals("Select a request to see which entries it tried and why they failed.", pane.detailText());
            return null;
        });
    }

    @Test
    void aFilterTheyChooseIsSetOnThePresenterAndReadAgain() throws Exception {
        var report = u.read();
        onEdt(() -> {
            pane.show(report);
            assertEquals(0, reloads.get(), "showing a report asks for nothing");
            pane.outcomeFilter().setSelectedIndex(1); // failed only
            assertEquals(new RequestFilter(null, null, null, true), presenter.filter());
            assertEquals(1, reloads.get());
            return null;
        });
    }

    @Test
    void theRequestsOfAChannelChosenInTheOverviewAreAskedFor() throws Exception {
        var report = u.read();
        onEdt(() -> {
            pane.show(report);
            pane.showRequestsOf("beta", null);
            assertEquals("beta", ((UsagePresenter.Choice) pane.channelFilter().getSelectedItem()).value());
            assertEquals(new RequestFilter("beta", null, null, false), presenter.filter());
            assertEquals(1, reloads.get(), "one read for both drop-downs");
            assertFalse(pane.olderButton().isEnabled(), "one page");
            return null;
        });
    }
}
