package dev.switchboard.discovery;

import dev.switchboard.store.Entry;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.util.List;
import java.util.Objects;

/**
 * Which entries a speed test covers: every routable entry, one channel's enabled entries, or one entry.
 *
 * <p>An entry the person named is tested whatever its own switch: naming it is the person asking. A whole
 * channel or everything covers only entries whose switch is on (DESIGN §3: the person's switch is sacred, and
 * testing what they turned off would spend their quota on what they chose not to use). System-disabled
 * entries are included: a success is how they come back.
 */
public final class Selection {
    private enum Kind { ALL, CHANNEL, ENTRY, ENTRIES }

    private final Kind kind;
    private final String name;
    private final List<Long> ids;

    private Selection(Kind kind, String name) {
        this(kind, name, List.of());
    }

    private Selection(Kind kind, String name, List<Long> ids) {
        this.kind = kind;
        this.name = name;
        this.ids = ids;
    }

    public static Selection all() {
        return new Selection(Kind.ALL, null);
    }

    public static Selection channel(String name) {
        return new Selection(Kind.CHANNEL, Objects.requireNonNull(name));
    }

    /** {@code ref} as the CLI takes it: {@code channel/model}, a unique model or alias, or {@code #id}. */
    public static Selection entry(String ref) {
        return new Selection(Kind.ENTRY, Objects.requireNonNull(ref));
    }

    /**
     * The entries with these ids that still exist (the window's selected rows: one deleted meanwhile is simply
     * left out), each tested whatever its switch, as a named entry is.
     */
    public static Selection entries(List<Long> ids) {
        return new Selection(Kind.ENTRIES, null, List.copyOf(ids));
    }

    /**
     * The entries, in the snapshot's order.
     *
     * @throws dev.switchboard.store.StoreException naming the unknown channel or entry
     */
    List<Entry> resolve(Store store, Snapshot snapshot) {
        switch (kind) {
            case ENTRY:
                return List.of(store.entries().get(name));
            case ENTRIES:
                var wanted = new java.util.HashSet<>(ids);
                return snapshot.entries().stream().filter(e -> wanted.contains(e.id())).toList();
            case CHANNEL:
                long channelId = store.channels().get(name).id();
                return snapshot.entries().stream().filter(e -> e.channelId() == channelId && e.enabled()).toList();
            default:
                return snapshot.routableEntries();
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case ENTRIES -> "entries " + ids;
            default -> kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
        };
    }
}
