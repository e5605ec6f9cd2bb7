package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage tab's range header alone: what it sets on the presenter and when it asks to read. Under Xvfb in CI. */
class UsageRangeBarTest {
    @TempDir
    Path dir;

    private UsageFixture u;
    private UsagePresenter presenter;
    private UsageRangeBar bar;
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        UiFixture.assumeDisplay();
        u = new UsageFixture(dir);
        presenter = u.presenter;
        bar = onEdt(() -> new UsageRangeBar(u.text, presenter, UsagePresenterTest.CLOCK, () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }));
    }

    @AfterEach
    void close() {
        if (u != null) {
            u.close();
        }
    }

    @Test
    void choosingAWeekSetsItAndReads() throws Exception {
        onEdt(() -> {
            assertEquals("Today", bar.rangeBox().getSelectedItem());
            bar.rangeBox().setSelectedIndex(1);
            assertEquals(UsagePresenter.Span.WEEK, presenter.span());
            assertEquals(1, loads.get());
            return null;
        });
    }

    @Test
    void chosenDaysStartAsTheLastSevenAndABadChoiceIsRefusedWithoutReading() throws Exception {
        onEdt(() -> {
            var today = LocalDate.now(UsagePresenterTest.CLOCK.withZone(ZoneId.systemDefault()));
            assertEquals(today.minusDays(6).toString(), bar.customFromField().getText());
            assertEquals(today.toString(), bar.customToField().getText());
            var days = bar.customFromField().getParent();
            assertFalse(days.isVisible(), "only for chosen days");

            bar.rangeBox().setSelectedIndex(3); // choose days…: the days in the fields are taken at once
            assertTrue(days.isVisible());
            assertEquals(UsagePresenter.Span.CUSTOM, presenter.span());
            assertEquals(1, loads.get());

            bar.customFromField().setText("yesterday");
            bar.applyCustom();
            assertTrue(bar.customError().getText().contains("yyyy-MM-dd"), bar.customError().getText());
            assertEquals(1, loads.get(), "refused: nothing read, the range shown stays");
            return null;
        });
    }
}
