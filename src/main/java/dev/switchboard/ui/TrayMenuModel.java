package dev.switchboard.ui;

import dev.switchboard.balance.Balance;
import dev.switchboard.service.GatewayState;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Health;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the tray menu shows and does, without AWT: the items in order, the icon's state, and moving an entry to
 * the top of {@code auto}. {@link TrayController} turns this into a real menu; tests use it without a display.
 */
final class TrayMenuModel {
    /** The group the tray reorders. */
    static final String AUTO = Group.AUTO;
    /** Longer groups show their first entries and a "more in the window" item. */
    static final int MAX_ENTRIES = 10;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private TrayMenuModel() {
    }

    /** The icon's colour: green, amber or grey. */
    enum Status { RUNNING, COOLING, STOPPED }

    sealed interface Item {
        record Open() implements Item {
        }

        /** A member of {@code auto}; {@code checked} for the one tried first. */
        record AutoEntry(String ref, String label, boolean checked, boolean usable) implements Item {
        }

        /** {@code auto} has more members than the menu shows. */
        record More(int hidden) implements Item {
        }

        /** {@code auto} is empty: nothing to reorder yet. */
        record NoEntries() implements Item {
        }

        record SpeedCheck(boolean running) implements Item {
        }

        /** Disabled when nothing listens. */
        record CopyBaseUrl(String url) implements Item {
        }

        record PauseResume(boolean paused) implements Item {
        }

        record CheckUpdates() implements Item {
        }

        record Quit() implements Item {
        }

        record Separator() implements Item {
        }
    }

    static List<Item> items(Snapshot snapshot, GatewayState state, Instant now, boolean testRunning,
                            Messages text) {
        var items = new ArrayList<Item>();
        items.add(new Item.Open());
        items.add(new Item.Separator());
        var members = autoMembers(snapshot);
        if (members.isEmpty()) {
            items.add(new Item.NoEntries());
        }
        for (int i = 0; i < members.size() && i < MAX_ENTRIES; i++) {
            var e = members.get(i);
            var h = snapshot.health(e.id());
            items.add(new Item.AutoEntry(e.ref(), label(e, h, snapshot, now, text), i == 0,
                    usable(e, h, snapshot, now)));
        }
        if (members.size() > MAX_ENTRIES) {
            items.add(new Item.More(members.size() - MAX_ENTRIES));
        }
        items.add(new Item.Separator());
        items.add(new Item.SpeedCheck(testRunning));
        items.add(new Item.CopyBaseUrl(state instanceof GatewayState.Running r ? r.baseUrl() : null));
        items.add(new Item.PauseResume(!(state instanceof GatewayState.Running)));
        items.add(new Item.Separator());
        items.add(new Item.CheckUpdates());
        items.add(new Item.Quit());
        return items;
    }

    /** The members of {@code auto} in the order the group lists them. */
    static List<Entry> autoMembers(Snapshot snapshot) {
        Map<Long, Entry> byId = snapshot.entries().stream().collect(Collectors.toMap(Entry::id, Function.identity()));
        return snapshot.group(AUTO).map(Group::memberIds).orElse(List.of()).stream()
                .map(byId::get).filter(e -> e != null).toList();
    }

    /** Moves {@code ref} to the top of {@code auto}; the next request tries it first. */
    static void choose(Store store, String ref) {
        store.entries().moveMember(AUTO, ref, 1);
    }

    static Status status(Snapshot snapshot, GatewayState state, Instant now) {
        if (!(state instanceof GatewayState.Running)) {
            return Status.STOPPED;
        }
        for (var e : autoMembers(snapshot)) {
            var h = snapshot.health(e.id());
            if (e.enabled() && (h.systemDisabled() || h.coolingAt(now))) {
                return Status.COOLING;
            }
        }
        return Status.RUNNING;
    }

    /**
     * The icon's tooltip: what runs where, and how many entries are cooling; then a line naming the enabled
     * channels whose last balance check read empty, and one naming those that read low, each with its amount.
     */
    static String tooltip(Snapshot snapshot, GatewayState state, Instant now, Messages text) {
        String first;
        if (state instanceof GatewayState.Running r) {
            long cooling = autoMembers(snapshot).stream()
                    .filter(e -> e.enabled() && snapshot.health(e.id()).coolingAt(now)).count();
            first = cooling == 0 ? text.get("tray.tooltip.running", r.baseUrl())
                    : text.get("tray.tooltip.cooling", r.baseUrl(), cooling);
        } else {
            first = text.get(state instanceof GatewayState.Paused ? "tray.tooltip.paused" : "tray.tooltip.failed");
        }
        var lines = new ArrayList<String>();
        lines.add(first);
        var empty = balances(snapshot, Balance.Level.EMPTY);
        if (!empty.isEmpty()) {
            lines.add(text.get("tray.tooltip.balanceEmpty", empty));
        }
        var low = balances(snapshot, Balance.Level.LOW);
        if (!low.isEmpty()) {
            lines.add(text.get("tray.tooltip.balanceLow", low));
        }
        return String.join("\n", lines);
    }

    /** {@code deepseek (0.50 CNY), kimi (0.10 CNY)}: the enabled channels whose balance stands at {@code level}. */
    static String balances(Snapshot snapshot, Balance.Level level) {
        return snapshot.channels().stream()
                .filter(c -> c.enabled() && c.balanceLevel(snapshot.settings()) == level)
                .map(c -> c.name() + " (" + c.balance().text() + ")")
                .collect(Collectors.joining(", "));
    }

    private static boolean usable(Entry e, Health h, Snapshot s, Instant now) {
        boolean channelOn = s.channel(e.channelId()).map(c -> c.enabled()).orElse(false);
        return e.enabled() && channelOn && !h.systemDisabled() && !h.coolingAt(now);
    }

    static String label(Entry e, Health h, Snapshot s, Instant now, Messages text) {
        var name = e.displayName() + "  ·  " + e.channelName();
        boolean channelOn = s.channel(e.channelId()).map(c -> c.enabled()).orElse(false);
        if (!e.enabled() || !channelOn) {
            return name + "  (" + text.get("tray.entry.off") + ")";
        }
        if (h.systemDisabled()) {
            return name + "  (" + text.get("tray.entry.disabled") + ")";
        }
        if (h.coolingAt(now)) {
            var until = CLOCK.format(h.cooldownUntil().atZone(ZoneId.systemDefault()));
            return name + "  (" + text.get("tray.entry.cooling", until) + ")";
        }
        return name;
    }
}
