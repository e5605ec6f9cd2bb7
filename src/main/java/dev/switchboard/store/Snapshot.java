package dev.switchboard.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything routing needs, read in one transaction: one consistent state, immutable, cheap to share. The
 * gateway reads the current snapshot on every request instead of the database.
 *
 * @param accessKeys the client access keys, here so that the access guard checks a request's key without a
 *                   database read (and sees a key revoked from the CLI as soon as the snapshot reloads)
 * @param rules      the scene rules in list order, their model patterns compiled once here rather than per request
 */
public record Snapshot(
        List<Channel> channels,
        List<Entry> entries,
        List<Group> groups,
        Map<Long, Health> health,
        Settings settings,
        List<AccessKeyStore.AccessKey> accessKeys,
        List<SceneRule> rules) {

    public Snapshot {
        channels = List.copyOf(channels);
        entries = List.copyOf(entries);
        groups = List.copyOf(groups);
        health = Map.copyOf(health);
        accessKeys = List.copyOf(accessKeys);
        rules = List.copyOf(rules);
    }

    /** A state without scene rules. */
    public Snapshot(List<Channel> channels, List<Entry> entries, List<Group> groups, Map<Long, Health> health,
                    Settings settings, List<AccessKeyStore.AccessKey> accessKeys) {
        this(channels, entries, groups, health, settings, accessKeys, List.of());
    }

    public static Snapshot empty() {
        return new Snapshot(List.of(), List.of(), List.of(), Map.of(), Settings.defaults(), List.of());
    }

    /** The same state with other health: what {@code HealthTracker.overlay} returns. */
    public Snapshot withHealth(Map<Long, Health> health) {
        return new Snapshot(channels, entries, groups, health, settings, accessKeys, rules);
    }

    /** The same state with these scene rules. */
    public Snapshot withRules(List<SceneRule> rules) {
        return new Snapshot(channels, entries, groups, health, settings, accessKeys, rules);
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Channel> channel(long id) {
        return channels.stream().filter(c -> c.id() == id).findFirst();
    }

    public Health health(long entryId) {
        return health.getOrDefault(entryId, Health.fresh(entryId));
    }

    /** Enabled entries on enabled channels that have a key: the ones a client can reach at all. */
    public List<Entry> routableEntries() {
        var enabledChannels = new HashMap<Long, Boolean>();
        channels.forEach(c -> enabledChannels.put(c.id(), c.enabled() && !c.needsSecrets()));
        return entries.stream()
                .filter(e -> e.enabled() && enabledChannels.getOrDefault(e.channelId(), false))
                .toList();
    }
}
