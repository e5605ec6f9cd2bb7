package dev.switchboard.metrics;

import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import java.time.Instant;
import java.util.Locale;

/**
 * Where an entry stands for routing right now, one state each, for {@code switchboard_entries{state}}: the
 * states add up to the number of entries, so a dashboard can stack them and an alert can watch one.
 */
enum EntryState {
    /** Routable and not cooling down: tried in its place. */
    AVAILABLE,
    /** Routable but cooling down after a failure (DESIGN §3): tried only after every available candidate. */
    COOLING_DOWN,
    /** Disabled by the system after a credential failure; only the person re-enables it. */
    SYSTEM_DISABLED,
    /** Not routable for the person's reasons: the entry or its channel is switched off, or the channel lacks a key. */
    UNROUTABLE;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The label value: {@code available}, {@code cooling_down}, … */
    String id() {
        return id;
    }

    /**
     * The state of {@code entry}, on {@code channel} (null when it has none) and with {@code health}, at {@code now}.
     * The person's switches come first (a switched-off entry is not a system problem to alert on), then a system
     * disable (it outlasts any cooldown), then a cooldown.
     */
    static EntryState of(Entry entry, Channel channel, Health health, Instant now) {
        if (!entry.enabled() || channel == null || !channel.enabled() || channel.needsSecrets()) {
            return UNROUTABLE;
        }
        if (health.systemDisabled()) {
            return SYSTEM_DISABLED;
        }
        return health.coolingAt(now) ? COOLING_DOWN : AVAILABLE;
    }
}
