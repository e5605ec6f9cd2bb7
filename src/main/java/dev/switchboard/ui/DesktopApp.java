package dev.switchboard.ui;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.service.GatewayState;
import dev.switchboard.service.Lifecycle;
import java.awt.Component;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;

/**
 * The desktop app: the window and the tray over a {@link Lifecycle}. {@code serve} without {@code --headless}
 * comes here when there is a display; {@link #run} returns when the person chooses Quit.
 */
public final class DesktopApp implements Shell, TrayController.Actions {
    private static final System.Logger LOG = System.getLogger(DesktopApp.class.getName());
    /** How often the tray re-reads cooldowns, so "cooling until" clears when the time passes. */
    private static final int TICK_MILLIS = 5_000;

    private final Lifecycle app;
    private final Background background = new Background();
    private final Catalog catalog;
    private final CountDownLatch quit = new CountDownLatch(1);
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private final AtomicBoolean speedTestRunning = new AtomicBoolean();
    private final Runnable onDataChange = this::dataChanged;
    /** The theme and language the window shows. */
    private String theme;
    private String language;
    /** The theme and language last read from the store: a change there (the CLI's `settings set`) is followed. */
    private Appearance stored;
    private final java.util.Map<Appearance, CompletableFuture<Void>> appearanceWaiters = new java.util.HashMap<>();
    private Messages text;
    private MainWindow window;
    private TrayController tray;
    private Timer tick;
    private UpdateController updates;

    private DesktopApp(Lifecycle app) {
        this.app = app;
        this.catalog = Catalog.load(app.folder());
    }

    /** Whether a window can be shown here: a display that answers, a JDK with AWT. */
    public static boolean available() {
        try {
            AppIdentity.beforeToolkit();
            boolean display = !GraphicsEnvironment.isHeadless()
                    && GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices().length > 0;
            if (display) {
                // Here, because this is the first thing a desktop start asks, before any window (a second start's
                // message box included): the app's name must be set before the first window exists.
                AppIdentity.install();
            }
            return display;
        } catch (Throwable e) { // AWTError (no X server), UnsatisfiedLinkError (a JRE without AWT's libraries)
            return false;
        }
    }

    /**
     * A second start: the running one was asked to show its window. When it runs headless there is no window to
     * show, so say where it is.
     */
    public static void alreadyRunning(String answer) {
        if (answer.startsWith("headless ")) {
            message(Messages.of("system", Locale.getDefault()).get("app.alreadyHeadless", answer.substring(9)),
                    JOptionPane.INFORMATION_MESSAGE);
        }
    }

    /** The data folder could not be opened: there is no window to show it in yet. */
    public static void cannotStart(String reason) {
        message(Messages.of("system", Locale.getDefault()).get("app.cannotStart", reason), JOptionPane.ERROR_MESSAGE);
    }

    private static void message(String text, int type) {
        try {
            SwingUtilities.invokeAndWait(() -> JOptionPane.showMessageDialog(null, text, "Switchboard", type));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, text);
        }
    }

    /**
     * Starts the gateway, shows the tray and (on first run, or unless started minimised) the window. The caller
     * waits with {@link #awaitQuit()} and closes the lifecycle and the store afterwards.
     *
     * @param notices what opening the store had to say (shown above the tabs)
     * @param answer  receives what a second start is told, and that it brings this window forward
     */
    public static DesktopApp start(Lifecycle app, List<String> notices, Consumer<Supplier<String>> answer) {
        AppIdentity.install();
        var desktop = new DesktopApp(app);
        var settings = app.store().settings().load();
        desktop.theme = settings.theme();
        desktop.language = settings.language();
        desktop.stored = Appearance.of(settings);
        // Rewrites the login entry when the folder moved (a USB stick), removes it when the setting is off.
        Autostart.sync(settings, app.folder());
        Theme.apply(settings.theme());
        desktop.text = Messages.of(settings.language(), Locale.getDefault());
        // The gateway starts while the window is built, on another core: one after the other, the window waited
        // about 0.25 s for Jetty at every desktop start (issue 14). The window shows the state it finds and follows
        // every change from here on; Lifecycle's readers do not wait for a start under way.
        app.addListener(s -> SwingUtilities.invokeLater(() -> desktop.stateChanged(s)));
        var started = new CompletableFuture<GatewayState>();
        var starter = new Thread(() -> {
            try {
                started.complete(app.start());
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        }, "switchboard-gateway-start");
        starter.start();
        try {
            SwingUtilities.invokeAndWait(() -> desktop.open(notices, settings.startMinimised(), started));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open the window: " + e.getMessage(), e);
        }
        try {
            started.join(); // a start that threw (not a Failed state: that the window shows) fails as before
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        answer.accept(() -> {
            SwingUtilities.invokeLater(desktop::open);
            return "window";
        });
        return desktop;
    }

    /** Returns when the person has chosen Quit (or {@link #quit()} was called). */
    public void awaitQuit() {
        try {
            quit.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The window, for tests and the screenshot tour. */
    MainWindow mainWindow() {
        return window;
    }

    UpdateController updates() {
        return updates;
    }

    /** Background work still running (the screenshot tour waits for none). */
    int backgroundWork() {
        return background.inFlight();
    }

    /** The tray, or null where the desktop has none. */
    TrayController trayController() {
        return tray;
    }

    private void open(List<String> notices, boolean startMinimised, CompletableFuture<GatewayState> started) {
        tray = TrayController.install(text, this);
        buildWindow();
        notices.forEach(window::notice);
        app.store().database().addChangeListener(onDataChange);
        tick = new Timer(TICK_MILLIS, e -> updateTray());
        tick.start();
        updates = new UpdateController(app, background, () -> window, () -> text, this::quit);
        updates.atStart();
        updateTray();
        boolean firstRun = app.store().snapshot().channels().isEmpty();
        if (firstRun) {
            window.select("channels");
        }
        if (firstRun || !startMinimised || tray == null) {
            window.present();
        }
        // After this method, also when the start was already over: its state then reaches a window that exists.
        started.thenAccept(s -> SwingUtilities.invokeLater(() -> {
            if (s instanceof GatewayState.Failed && window != null) {
                window.select("settings");
                window.present(); // the person must see why nothing answers
            }
        }));
    }

    private void buildWindow() {
        var ctx = new UiContext(app, text, background, catalog, this);
        window = new MainWindow(ctx, tray != null, this::quit, this::togglePause);
        if (tray != null) {
            window.onFirstCloseToTray(() -> tray.notify(text.get("tray.closed.title"),
                    text.get("tray.closed.message"), false));
        }
    }

    private void stateChanged(GatewayState s) {
        if (window != null) {
            window.stateChanged(s);
        }
        updateTray();
    }

    /** Called on whatever thread wrote; coalesced into one refresh on the event thread. */
    private void dataChanged() {
        if (refreshPending.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                refreshPending.set(false);
                if (window != null) {
                    window.dataChanged();
                }
                updateTray();
                followSettings();
            });
        }
    }

    /** The theme and language settings, the part of the settings the window itself wears. */
    record Appearance(String theme, String language) {
        static Appearance of(dev.switchboard.store.Settings s) {
            return new Appearance(s.theme(), s.language());
        }
    }

    /**
     * Follows a theme or language changed by another writer (`switchboard settings set theme dark` beside the
     * running app, the admin API): the database watcher reports the commit, this reads the settings (from the
     * store: the gateway's snapshot may not have caught up) and restyles or rebuilds the window, on the event
     * thread, keeping its tab. Only a change of the stored value counts, so a window that was just restyled by
     * its own Settings tab is not restyled twice.
     */
    private void followSettings() {
        background.run(() -> Appearance.of(app.store().settings().load()), next -> {
            if (next.equals(stored)) {
                return;
            }
            var before = stored;
            stored = next;
            boolean restyle = !next.theme().equals(before.theme()) && !next.theme().equals(theme);
            boolean reword = !next.language().equals(before.language()) && !next.language().equals(language);
            if (restyle) {
                theme = next.theme();
                Theme.switchTo(theme);
            }
            if (reword) {
                language = next.language();
                text = Messages.of(language, Locale.getDefault());
            }
            if (restyle || reword) {
                rebuildWindow(null);
                updateTray();
            }
            var waiter = appearanceWaiters.remove(next);
            if (waiter != null) {
                waiter.complete(null);
            }
        }, e -> LOG.log(System.Logger.Level.WARNING, "Cannot read the settings: " + e.getMessage()));
    }

    /**
     * Completes, on the event thread, once the window has followed the store to {@code wanted} (at once if it
     * already has): for tests, which must not guess how long the database watcher takes.
     */
    CompletableFuture<Void> followed(Appearance wanted) {
        var waiter = new CompletableFuture<Void>();
        SwingUtilities.invokeLater(() -> {
            if (wanted.equals(stored)) {
                waiter.complete(null);
            } else {
                appearanceWaiters.put(wanted, waiter);
            }
        });
        return waiter;
    }

    /** What the tray menu shows now, and in which words (the screenshot tour opens it without a tray). */
    java.util.List<TrayMenuModel.Item> trayItems() {
        return TrayMenuModel.items(app.snapshot(), app.state(), app.clock().instant(), speedTestRunning.get(), text);
    }

    Messages text() {
        return text;
    }

    private void updateTray() {
        if (tray == null) {
            return;
        }
        var snapshot = app.snapshot();
        var state = app.state();
        var now = app.clock().instant();
        tray.update(TrayMenuModel.items(snapshot, state, now, speedTestRunning.get(), text), text,
                TrayMenuModel.status(snapshot, state, now), TrayMenuModel.tooltip(snapshot, state, now, text));
    }

    // ---- tray actions (on the event thread)

    @Override
    public void open() {
        window.present();
    }

    @Override
    public void chooseEntry(String ref) {
        background.run(() -> {
            TrayMenuModel.choose(app.store(), ref);
            return ref;
        }, r -> updateTray(), e -> showError(e));
    }

    @Override
    public void runSpeedTest() {
        if (!speedTestRunning.compareAndSet(false, true)) {
            return;
        }
        updateTray();
        background.run(() -> new SpeedCheck(app.store(), app.upstream(), app.clock())
                        .run(Selection.all(), r -> { }, Duration.ofMinutes(3)),
                results -> {
                    speedTestRunning.set(false);
                    updateTray();
                    if (tray != null) {
                        long ok = results.stream().filter(SpeedResult::ok).count();
                        var fastest = results.stream().filter(r -> r.ok() && r.totalMs() != null)
                                .min(java.util.Comparator.comparing(SpeedResult::totalMs))
                                .map(r -> text.get("tray.speedTest.fastest", r.entry(), r.totalMs()))
                                .orElse("");
                        tray.notify(text.get("tray.speedTest.done"), text.get("tray.speedTest.summary", ok,
                                results.size() - ok) + (fastest.isEmpty() ? "" : "\n" + fastest), ok < results.size());
                    }
                    dataChanged();
                },
                e -> {
                    speedTestRunning.set(false);
                    updateTray();
                    showError(e);
                });
    }

    @Override
    public void copyBaseUrl(String url) {
        copy(url);
    }

    @Override
    public void togglePause() {
        boolean running = app.state() instanceof GatewayState.Running;
        background.run(() -> running ? app.pause() : app.start(), s -> { }, this::showError);
    }

    @Override
    public void checkUpdates() {
        window.present();
        updates.checkNow();
    }

    @Override
    public void quit() {
        if (tick != null) {
            tick.stop();
        }
        app.store().database().removeChangeListener(onDataChange);
        if (tray != null) {
            tray.remove();
        }
        if (window != null) {
            window.dispose();
        }
        background.close();
        quit.countDown();
    }

    private void showError(Exception e) {
        JOptionPane.showMessageDialog(window == null ? null : window.frame(), ErrorText.of(e, text), "Switchboard",
                JOptionPane.ERROR_MESSAGE);
    }

    // ---- shell (what tabs may ask of the window)

    @Override
    public Component window() {
        return window == null ? null : window.frame();
    }

    @Override
    public void applyTheme(String setting) {
        if (setting.equals(theme)) {
            return; // already followed from the store (the save's commit can be seen before the save returns)
        }
        theme = setting;
        Theme.switchTo(setting);
        // Tabs colour some labels from Theme when they are built; a fresh window has them all in the new theme.
        rebuildWindow("settings");
    }

    @Override
    public void applyLanguage(String setting) {
        if (setting.equals(language)) {
            return;
        }
        language = setting;
        text = Messages.of(setting, Locale.getDefault());
        rebuildWindow("settings");
        updateTray();
    }

    /**
     * Builds the window again where it was, on {@code tab} (Settings, where theme and language are changed in the
     * window), or on the tab it showed when null (a change from the command line).
     */
    private void rebuildWindow(String tab) {
        if (window == null) {
            return;
        }
        boolean visible = window.frame().isVisible();
        var bounds = window.frame().getBounds();
        window.dispose(); // writes its bounds and tab, which the new one reads
        buildWindow();
        if (visible) {
            window.frame().setBounds(bounds);
        }
        if (tab != null) {
            window.select(tab);
        }
        if (visible) {
            window.present();
        }
    }

    @Override
    public void restartGateway() {
        background.run(app::restart, s -> { }, this::showError);
    }

    @Override
    public void selectTab(String id) {
        window.select(id);
    }

    @Override
    public void copy(String value) {
        Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(value), null);
    }
}
