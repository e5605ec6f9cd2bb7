package dev.switchboard.ui;

import java.awt.Color;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.swing.JLabel;
import javax.swing.UIManager;

/**
 * The Models tab's one message line and the background work of both its panes: whichever pane acted, the line
 * under the tab says what came of it, and tests wait on {@link #pending()} without knowing which pane that was.
 */
final class TabWork {
    private final Background background;
    private final Messages text;
    private final Runnable refresh;
    private final JLabel message = new JLabel(" ");
    /** The last background work started, for tests to wait on. */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    /** @param refresh rereads the tab: after an edit the store refused, the stored value shows again */
    TabWork(Background background, Messages text, Runnable refresh) {
        this.background = background;
        this.text = text;
        this.refresh = refresh;
    }

    /** Runs a store change in the background; a failure is shown on the line, and the tab reread. */
    <T> CompletableFuture<Void> run(Callable<T> job, Consumer<T> done) {
        return run(job, done, e -> {
            error(e);
            refresh.run(); // an edit the store refused: show the stored value again
        });
    }

    /** Runs background work that handles its own failure. */
    <T> CompletableFuture<Void> run(Callable<T> job, Consumer<T> done, Consumer<Exception> failed) {
        pending = background.run(job, done, failed);
        return pending;
    }

    /** The last background work started (a store change, a test, a reread): tests wait on it instead of sleeping. */
    CompletableFuture<Void> pending() {
        return pending;
    }

    JLabel line() {
        return message;
    }

    void info(String msg) {
        message(msg, null);
    }

    void error(Exception e) {
        message(ErrorText.of(e, text), Theme.bad());
    }

    /** @param colour null for the theme's own label colour */
    void message(String msg, Color colour) {
        message.setText(msg);
        message.setForeground(colour != null ? colour : UIManager.getColor("Label.foreground"));
    }
}
