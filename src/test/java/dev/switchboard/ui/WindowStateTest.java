package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the window remembers, and where it goes on screens that may not be the ones it was saved on. No display. */
class WindowStateTest {
    private static final Rectangle LAPTOP = new Rectangle(0, 0, 1440, 860);
    private static final Rectangle RIGHT_MONITOR = new Rectangle(1440, 0, 2560, 1400);

    @TempDir
    Path dir;

    @Test
    void aFolderWithoutTheFileIsAFirstRun() {
        assertEquals(WindowState.FIRST_RUN, WindowState.load(dir));
    }

    @Test
    void savesAndLoadsBoundsTabAndTheNotice() {
        var state = WindowState.FIRST_RUN.withBounds(new Rectangle(40, 30, 1000, 700), true).withTab("usage")
                .withCloseNoticeShown();
        state.save(dir);
        assertEquals(state, WindowState.load(dir));
        assertEquals(List.of(WindowState.FILE_NAME), names(), "no temporary file left behind");
    }

    @Test
    void aDamagedFileIsAFirstRunNotAFailure() throws Exception {
        Files.writeString(dir.resolve(WindowState.FILE_NAME), "window.x=12\nwindow.y=oops\ntab=\\u12");
        assertEquals(WindowState.FIRST_RUN, WindowState.load(dir));
        Files.writeString(dir.resolve(WindowState.FILE_NAME), "window.x=12\nwindow.y=oops\ntab=models\n");
        var loaded = WindowState.load(dir);
        assertNull(loaded.bounds(), "half a geometry is none");
        assertEquals("models", loaded.tab(), "what could be read still counts");
    }

    @Test
    void nothingSavedMeansTheDefaultSizeCentred() {
        assertNull(WindowState.place(null, List.of(LAPTOP)));
    }

    @Test
    void boundsOnAScreenStayWhereTheyWere() {
        var saved = new Rectangle(100, 50, 1180, 760);
        assertEquals(saved, WindowState.place(saved, List.of(LAPTOP, RIGHT_MONITOR)));
        var onMonitor = new Rectangle(2000, 200, 1400, 900);
        assertEquals(onMonitor, WindowState.place(onMonitor, List.of(LAPTOP, RIGHT_MONITOR)));
    }

    @Test
    void aWindowHangingOffTheEdgeIsPulledBackOn() {
        assertEquals(new Rectangle(260, 100, 1180, 760),
                WindowState.place(new Rectangle(900, 100, 1180, 760), List.of(LAPTOP)));
        assertEquals(new Rectangle(0, 0, 1180, 760),
                WindowState.place(new Rectangle(-300, -40, 1180, 760), List.of(LAPTOP)));
    }

    @Test
    void aMonitorThatIsGoneSendsTheWindowToThePrimaryScreen() {
        // saved on the right monitor at home, opened from the USB stick on a laptop alone
        assertEquals(new Rectangle(40, 0, 1400, 860),
                WindowState.place(new Rectangle(2000, 100, 1400, 900), List.of(LAPTOP)));
    }

    @Test
    void aWindowLargerThanTheScreenShrinksToIt() {
        assertEquals(LAPTOP, WindowState.place(new Rectangle(0, 0, 2500, 1300), List.of(LAPTOP)));
    }

    @Test
    void theScreenItOverlapsMostWins() {
        // mostly on the monitor, a little on the laptop: it goes wholly onto the monitor
        assertEquals(new Rectangle(1440, 100, 1000, 700),
                WindowState.place(new Rectangle(1300, 100, 1000, 700), List.of(LAPTOP, RIGHT_MONITOR)));
    }

    private List<String> names() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
