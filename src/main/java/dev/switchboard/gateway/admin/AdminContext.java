package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.GatewayContext;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.time.Instant;

/** What every admin resource works with: the gateway's services, and the state the admin API reads. */
record AdminContext(GatewayContext gateway) {
    Store store() {
        return gateway.store();
    }

    /** The database's state with the tracker's live health: what the CLI would show, health as routing sees it. */
    Snapshot snapshot() {
        return gateway.health().overlay(gateway.store().snapshot());
    }

    Instant now() {
        return gateway.clock().instant();
    }

    String dataFolder() {
        return gateway.store().database().file().toAbsolutePath().getParent().toString();
    }
}
