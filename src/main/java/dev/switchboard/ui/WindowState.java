package dev.switchboard.ui;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

/**
 * What the window remembers between runs: where it was and how big ({@code bounds}, null until it has been
 * shown once), whether it was maximised, the tab last shown, and whether the person has been told once that
 * closing keeps Switchboard in the tray.
 *
 * <p>It lives in {@value #FILE_NAME} in the data folder rather than in the settings: it is the window's
 * housekeeping, not configuration (the CLI and the admin API have no business listing it, an export should not
 * carry it, and a geometry is no setting anyone types). Being in the data folder, it travels with the folder to
 * another machine, whose screens may differ: {@link #place} puts the window back on a screen that exists. A
 * missing or unreadable file is simply a first run.
 */
record WindowState(Rectangle bounds, boolean maximised, String tab, boolean closeNoticeShown) {
    static final String FILE_NAME = "ui-state.properties";
    static final WindowState FIRST_RUN = new WindowState(null, false, null, false);

    WindowState {
        bounds = bounds == null ? null : new Rectangle(bounds); // a Rectangle is mutable; keep our own
    }

    @Override
    public Rectangle bounds() {
        return bounds == null ? null : new Rectangle(bounds);
    }

    WindowState withBounds(Rectangle next, boolean nextMaximised) {
        return new WindowState(next, nextMaximised, tab, closeNoticeShown);
    }

    WindowState withTab(String next) {
        return new WindowState(bounds, maximised, next, closeNoticeShown);
    }

    WindowState withCloseNoticeShown() {
        return new WindowState(bounds, maximised, tab, true);
    }

    static WindowState load(Path folder) {
        var p = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return FIRST_RUN;
        } catch (IOException | IllegalArgumentException e) {
            return FIRST_RUN; // damaged: the window opens as on a first run rather than not at all
        }
        Rectangle bounds = null;
        try {
            var x = p.getProperty("window.x");
            if (x != null) {
                bounds = new Rectangle(Integer.parseInt(x), Integer.parseInt(p.getProperty("window.y")),
                        Integer.parseInt(p.getProperty("window.width")), Integer.parseInt(p.getProperty("window.height")));
            }
        } catch (NumberFormatException | NullPointerException e) {
            bounds = null;
        }
        var tab = p.getProperty("tab");
        return new WindowState(bounds, Boolean.parseBoolean(p.getProperty("window.maximised")),
                tab == null || tab.isBlank() ? null : tab, Boolean.parseBoolean(p.getProperty("closeNoticeShown")));
    }

    /**
     * Writes the file through a temporary one, so that a crash mid-write leaves the old state rather than half a
     * file. A data folder that cannot be written is reported, and the caller carries on without.
     */
    void save(Path folder) {
        var p = new Properties();
        if (bounds != null) {
            p.setProperty("window.x", Integer.toString(bounds.x));
            p.setProperty("window.y", Integer.toString(bounds.y));
            p.setProperty("window.width", Integer.toString(bounds.width));
            p.setProperty("window.height", Integer.toString(bounds.height));
            p.setProperty("window.maximised", Boolean.toString(maximised));
        }
        if (tab != null) {
            p.setProperty("tab", tab);
        }
        p.setProperty("closeNoticeShown", Boolean.toString(closeNoticeShown));
        var file = folder.resolve(FILE_NAME);
        var temp = folder.resolve(FILE_NAME + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                p.store(out, "Switchboard's window: where it was, its last tab. Safe to delete.");
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the window goes on this machine's screens: the saved bounds on the screen they overlap most (the
     * first screen when they overlap none, as when the folder came from a machine with a second monitor), shrunk
     * to fit it and moved wholly onto it. Null when there is nothing saved: the caller centres its default size.
     *
     * @param screens each screen's usable area (without task bars), the primary first
     */
    static Rectangle place(Rectangle saved, List<Rectangle> screens) {
        if (saved == null || screens.isEmpty() || saved.width <= 0 || saved.height <= 0) {
            return null;
        }
        Rectangle best = screens.get(0);
        long bestArea = 0;
        for (var s : screens) {
            var overlap = s.intersection(saved);
            long area = overlap.isEmpty() ? 0 : (long) overlap.width * overlap.height;
            if (area > bestArea) {
                best = s;
                bestArea = area;
            }
        }
        // The frame's own minimum size still applies, so a screen smaller than that gets the window at its corner.
        int width = Math.min(saved.width, best.width);
        int height = Math.min(saved.height, best.height);
        int x = clamp(saved.x, best.x, best.x + best.width - width);
        int y = clamp(saved.y, best.y, best.y + best.height - height);
        return new Rectangle(x, y, width, height);
    }

    /** {@code value} within [low, high]; low wins when the range is empty (a window larger than the screen). */
    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(value, high));
    }
}
