package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import java.awt.event.MouseEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overview alone, without the tab, its timer or its background reads: it shows the report it is given, and a
 * double-click asks for a channel's or a model's requests. Under Xvfb in CI.
 */
class UsageOverviewPaneTest {
    @TempDir
    Path dir;

    private UsageFixture u;
    private UsageOverviewPane pane;
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        UiFixture.assumeDisplay();
        u = new UsageFixture(dir);
        var morning = Instant.parse("2025-06-01T07:00:00Z");
        u.store.usage().insert(List.of(
                UsageTabTest.served(morning, "alpha", "gpt-4o", 1000, 200),
                UsageTabTest.served(morning.plusSeconds(60), "alpha", "gpt-4o", 3000, 800),
                UsageTabTest.served(morning.plusSeconds(3600), "beta", "claude-x", 500, 500),
                new UsageRecord(morning.plusSeconds(7200), "openai", "auto", false, null, null, null, 502,
                        LoggedOutcome.ALL_FAILED, null, 80L, null, "Every candidate for 'auto' failed", List.of())));
        pane = onEdt(() -> new UsageOverviewPane(u.text, u.presenter, (channel, model) ->
                asked.add(channel + " / " + model)));
    }

    @AfterEach
    void close() {
        if (u != null) {
            u.close();
        }
    }

    private static void doubleClick(JTable table, int row) {
        var cell = table.getCellRect(row, 0, true);
        table.dispatchEvent(new MouseEvent(table, MouseEvent.MOUSE_CLICKED, 0, 0, cell.x + 2, cell.y + 2, 2, false,
                MouseEvent.BUTTON1));
    }

    @Test
    void showsTheTrendAndOneRowPerChannelAndPerModel() throws Exception {
        var report = u.read();
        onEdt(() -> {
            pane.show(report);
            assertEquals(24, pane.chart().pointCount(), "today, by the hour");
            long drawn = 0;
            for (int i = 0; i < pane.chart().pointCount(); i++) {
                drawn += pane.chart().requestsAt(i);
            }
            assertEquals(4, drawn);
            assertEquals(List.of("alpha", "beta", "(none)"), column(pane.channelsTable()));
            assertEquals(List.of("gpt-4o", "claude-x", "auto"), column(pane.modelsTable()), "asked for, none served");
            return null;
        });
    }

    @Test
    void aDoubleClickAsksForTheRequestsOfThatChannelOrModelButNotOfNone() throws Exception {
        var report = u.read();
        onEdt(() -> {
            doubleClick(pane.channelsTable(), 0);
            assertEquals(List.of(), asked, "nothing shown yet: nothing to ask for");
            pane.show(report);
            doubleClick(pane.channelsTable(), column(pane.channelsTable()).indexOf("beta"));
            doubleClick(pane.modelsTable(), column(pane.modelsTable()).indexOf("gpt-4o"));
            doubleClick(pane.channelsTable(), column(pane.channelsTable()).indexOf("(none)")); // no channel reached
            return null;
        });
        assertEquals(List.of("beta / null", "null / gpt-4o"), asked);
    }

    private static List<Object> column(JTable table) {
        var out = new ArrayList<Object>();
        for (int r = 0; r < table.getRowCount(); r++) {
            out.add(table.getValueAt(r, 0));
        }
        return out;
    }
}
