package dev.switchboard.ui;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.service.Lifecycle;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.time.Clock;

/**
 * What every tab is built from: the services (the same ones the CLI and the admin API call, DESIGN §5), the
 * words, and the background worker. Tests build one over a store in a temp folder.
 */
public record UiContext(Lifecycle app, Messages text, Background background, Catalog catalog, Shell shell) {
    public Store store() {
        return app.store();
    }

    /** The configuration with live health (the running gateway's cooldowns when it runs). */
    public Snapshot snapshot() {
        return app.snapshot();
    }

    public Clock clock() {
        return app.clock();
    }
}
