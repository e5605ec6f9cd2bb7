package dev.switchboard.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The store of one data folder: the database and one repository per aggregate (channels, entries & groups,
 * health, settings, usage, speed tests).
 */
public final class Store implements AutoCloseable {
    private final Database db;
    private final ChannelStore channels;
    private final EntryStore entries;
    private final HealthStore health;
    private final SettingsStore settings;
    private final UsageStore usage;
    private final AccessKeyStore accessKeys;
    private final SpeedTestStore speedTests;
    private final RuleStore rules;

    private Store(Database db) {
        this.db = db;
        this.channels = new ChannelStore(db);
        this.entries = new EntryStore(db);
        this.health = new HealthStore(db);
        this.settings = new SettingsStore(db);
        this.usage = new UsageStore(db);
        this.accessKeys = new AccessKeyStore(db);
        this.speedTests = new SpeedTestStore(db);
        this.rules = new RuleStore(db);
    }

    public static Store open(Path folder, Database.Check check, Clock clock) {
        var store = new Store(Database.open(folder, check, clock));
        try {
            store.holdStoredSecrets();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Registers every stored channel key and access key with {@link HeldSecrets} as soon as the database is open,
     * so that a text read from it is redacted by value even by a command that never loads the channels.
     */
    private void holdStoredSecrets() {
        db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT secret FROM channel_key UNION ALL SELECT secret FROM access_key")) {
                while (rs.next()) {
                    HeldSecrets.add(rs.getString(1));
                }
            }
            return null;
        });
    }

    public Database database() {
        return db;
    }

    public ChannelStore channels() {
        return channels;
    }

    public EntryStore entries() {
        return entries;
    }

    public HealthStore health() {
        return health;
    }

    public SettingsStore settings() {
        return settings;
    }

    public UsageStore usage() {
        return usage;
    }

    public AccessKeyStore accessKeys() {
        return accessKeys;
    }

    public SpeedTestStore speedTests() {
        return speedTests;
    }

    public RuleStore rules() {
        return rules;
    }

    /** What the person must be told about opening this store (see {@link Database#notices()}). */
    public List<String> notices() {
        return db.notices();
    }

    /** Reads channels, entries, groups, health, settings, access keys and scene rules in one transaction. */
    public Snapshot snapshot() {
        return db.read(c -> {
            return new Snapshot(ChannelStore.loadAll(c), EntryStore.loadEntries(c), EntryStore.loadGroups(c),
                    HealthStore.loadAll(c), SettingsStore.loadFrom(c), AccessKeyStore.loadAll(c))
                    .withRules(RuleStore.loadAll(c));
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
