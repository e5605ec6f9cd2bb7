package dev.switchboard.ui;

import dev.switchboard.service.Lifecycle;
import dev.switchboard.update.UpdateInfo;
import dev.switchboard.update.Updater;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.swing.JOptionPane;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;

/**
 * The window's side of self-update (issue 7): check (at start when {@code check-updates} is on, and from the tray),
 * show the new version and its notes, download and verify into {@code updates/}, and offer Restart now. Installing
 * happens at the next start ({@code StartupUpdate}), so a failed or tampered download changes nothing here. Each
 * check also fetches the release's signed model catalog when it is newer (issue 15), quietly.
 */
final class UpdateController {
    private static final System.Logger LOG = System.getLogger(UpdateController.class.getName());

    private final Lifecycle app;
    private final Background background;
    private final Supplier<MainWindow> window;
    private final Supplier<Messages> text;
    private final Runnable quit;
    private boolean busy;

    UpdateController(Lifecycle app, Background background, Supplier<MainWindow> window, Supplier<Messages> text,
                     Runnable quit) {
        this.app = app;
        this.background = background;
        this.window = window;
        this.text = text;
        this.quit = quit;
    }

    /** At start: says so when an update already waits, else checks if the setting allows; quiet when nothing is new. */
    void atStart() {
        background.run(() -> {
            var updater = app.updater();
            var pending = updater.pending();
            boolean check = app.store().settings().load().checkUpdates();
            if (check) {
                refreshCatalog(updater);
            }
            if (pending.isPresent()) {
                return (Object) pending.get().version();
            }
            if (!check) {
                return null;
            }
            return updater.check().orElse(null);
        }, found -> {
            if (found instanceof String version) {
                offerRestart(version);
            } else if (found instanceof UpdateInfo info) {
                offer(info);
            }
        }, e -> LOG.log(System.Logger.Level.INFO, "Update check at start failed: " + e.getMessage()));
    }

    /** On demand (tray, window): always answers, also when there is nothing new or the check failed. */
    CompletableFuture<Void> checkNow() {
        if (busy) {
            return CompletableFuture.completedFuture(null);
        }
        busy = true;
        return background.run(() -> checkOn(app.updater()), info -> {
            busy = false;
            if (info == null) {
                window.get().banner(text.get().get("update.current", app.version()), new LinkedHashMap<>());
            } else {
                offer(info);
            }
        }, e -> {
            busy = false;
            window.get().banner(text.get().get("update.checkFailed", ErrorText.of(e, text.get())),
                    new LinkedHashMap<>());
        });
    }

    private static UpdateInfo checkOn(Updater updater) throws Exception {
        var info = updater.check().orElse(null);
        refreshCatalog(updater);
        return info;
    }

    /**
     * The catalog half of the update check: a newer signed catalog is kept for the next start. Only logged: there is
     * nothing for the person to decide, and a catalog that failed its check changed nothing.
     */
    private static void refreshCatalog(Updater updater) {
        try {
            LOG.log(System.Logger.Level.INFO, updater.refreshCatalog().message());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.INFO, "Model catalog check failed: " + e.getMessage());
        }
    }

    private void offer(UpdateInfo info) {
        var t = text.get();
        var buttons = new LinkedHashMap<String, Runnable>();
        var remove = new Runnable[1];
        if (!info.notes().isBlank()) {
            buttons.put(t.get("update.notes"), () -> showNotes(info));
        }
        buttons.put(t.get("update.download"), () -> {
            remove[0].run();
            download(info);
        });
        remove[0] = window.get().banner(t.get("update.available", info.version(), app.version()), buttons);
    }

    private void showNotes(UpdateInfo info) {
        var area = new JTextArea(info.notes(), 16, 60);
        area.setEditable(false);
        area.setLineWrap(true);
        area.setWrapStyleWord(true);
        JOptionPane.showMessageDialog(window.get().frame(), new JScrollPane(area),
                text.get().get("update.notesTitle", info.version()), JOptionPane.INFORMATION_MESSAGE);
    }

    CompletableFuture<Void> download(UpdateInfo info) {
        var t = text.get();
        var removeProgress = window.get().banner(t.get("update.downloading", info.version()), new LinkedHashMap<>());
        return background.run(() -> app.updater().download(info), pending -> {
            removeProgress.run();
            offerRestart(pending.version());
        }, e -> {
            removeProgress.run();
            window.get().banner(t.get("update.downloadFailed", info.version(), ErrorText.of(e, t)),
                    new LinkedHashMap<>());
        });
    }

    private void offerRestart(String version) {
        var buttons = new LinkedHashMap<String, Runnable>();
        buttons.put(text.get().get("update.restart"), () -> {
            app.requestRestart();
            quit.run();
        });
        window.get().banner(text.get().get("update.ready", version), buttons);
    }
}
