package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.service.Lifecycle;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.update.DatabaseBackup;
import dev.switchboard.update.ReleaseKeys;
import dev.switchboard.update.ReleaseSite;
import dev.switchboard.update.Update4jUpdater;
import dev.switchboard.update.Updater;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.swing.SwingUtilities;

/**
 * A window's services over a real store in a temp folder, with the gateway not started (tests that need it call
 * {@code ctx.app().start()}, which listens on the {@code port} setting: set it to 0 first). Close it after.
 */
final class UiFixture implements AutoCloseable {
    /** CI sets this so that a missing display fails the Swing tests instead of skipping them. */
    static final String REQUIRE_DISPLAY = "SWITCHBOARD_REQUIRE_DISPLAY";

    final Store store;
    final Lifecycle app;
    final Background background = new Background();
    final UiContext ctx;

    UiFixture(Path folder) {
        this(folder, "en", Shell.none());
    }

    UiFixture(Path folder, String language, Shell shell) {
        this.store = Store.open(folder, Database.Check.QUICK, Clock.systemUTC());
        this.app = new Lifecycle(store, folder, "test", Clock.systemUTC(), 0, null, updaters(folder, "test"));
        this.ctx = new UiContext(app, Messages.of(language, Locale.ENGLISH), background, Catalog.bundled(), shell);
    }

    /**
     * Updaters as the app makes them for {@code folder}, for a build of {@code version} that runs from its classes
     * (so a download is refused) and names no release site of its own: only the {@code update-url} setting leads
     * anywhere, and a test with none set never reaches the network.
     */
    static Function<String, Updater> updaters(Path folder, String version) {
        return url -> new Update4jUpdater(ReleaseSite.of(url, "", version), ReleaseKeys.bundled(),
                folder.resolve("updates"), null, version, new DatabaseBackup(folder, Clock.systemUTC()));
    }

    /** Skips a Swing test where there is no display, unless CI said one must be there. */
    static void assumeDisplay() {
        if (!DesktopApp.available()) {
            if ("1".equals(System.getenv(REQUIRE_DISPLAY))) {
                fail("No display, but " + REQUIRE_DISPLAY + "=1: run the tests under xvfb-run.");
            }
            assumeTrue(false, "no display: run under xvfb-run to include the Swing tests");
        }
    }

    /** Runs on the event thread and returns the result (exceptions rethrown). */
    static <T> T onEdt(Callable<T> work) throws Exception {
        var result = new AtomicReference<T>();
        var error = new AtomicReference<Exception>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    @Override
    public void close() {
        app.close();
        background.close();
        store.close();
    }
}
