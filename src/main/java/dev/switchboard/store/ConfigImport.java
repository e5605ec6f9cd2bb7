package dev.switchboard.store;

import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.store.ConfigDocument.ChannelSpec;
import dev.switchboard.store.ConfigDocument.EntrySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a {@link ConfigDocument} to a store (docs/CONFIG_FORMAT.md).
 *
 * <p>Everything is checked before anything is written, against the store's state read in the same
 * transaction that then writes: the whole file lands, or nothing does. {@link #preview} runs the same plan
 * without writing, so what it shows is exactly what {@link #apply} would do.
 *
 * <ul>
 *   <li>{@link Mode#MERGE}: channels, entries, groups and settings in the file are added or updated (matched
 *       by name; entries by channel and model); nothing the file does not mention is removed.</li>
 *   <li>{@link Mode#REPLACE}: the store ends up as the file says; {@code auto} still exists.</li>
 * </ul>
 *
 * <p>Secrets the file withholds (no {@code keys}, a null header value, a masked proxy password or outbound
 * proxy) are taken from the store's same-named channel or setting, in both modes: a file exported without
 * keys can still restore everything else. A new channel without keys is created disabled and "needs a key"
 * ({@link Channel#needsKey}); when the file had it enabled, the first key given enables it
 * ({@link ChannelStore}).
 */
public final class ConfigImport {
    public enum Mode { MERGE, REPLACE }

    /** The words a channel's change carries when it will have no key: how {@link Change#needsKey} tells. */
    static final String NEEDS = "needs ";
    static final String NEEDS_KEY = NEEDS + "a key";

    public enum Action {
        ADD("+"), UPDATE("~"), REMOVE("-");

        private final String symbol;

        Action(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * One change an import makes. Never holds a secret: a changed key or header says "keys" or the header's
     * name, not the value.
     *
     * @param kind channel, entry, group or setting
     */
    public record Change(Action action, String kind, String name, String detail) {
        /** {@code + channel relay (openai, https://…)}: the line the CLI prints. */
        public String line() {
            return action.symbol() + " " + kind + " " + name + (detail.isEmpty() ? "" : " (" + detail + ")");
        }

        /** Whether this change leaves a channel without a key: disabled until one is given. */
        public boolean needsKey() {
            return kind.equals("channel") && action != Action.REMOVE && detail.contains(NEEDS_KEY);
        }

        /** Whether this change leaves a channel without a key or another secret: disabled until they are given. */
        public boolean needsSecrets() {
            return kind.equals("channel") && action != Action.REMOVE && detail.contains(NEEDS);
        }

        /** Whether it lacks more than a key: header values or a proxy password the file withheld. */
        public boolean needsMoreThanKey() {
            return needsSecrets() && !detail.contains(NEEDS_KEY + ":");
        }
    }

    private ConfigImport() {
    }

    /** What {@link #apply} would change, without writing anything. Throws as apply would. */
    public static List<Change> preview(Store store, ConfigDocument doc, Mode mode) {
        return store.database().read(c -> {
            var plan = plan(c, doc, mode);
            return changes(plan, rules(c, doc, mode, plan));
        });
    }

    /** Applies {@code doc} in one transaction; returns what changed. Nothing is written when it throws. */
    public static List<Change> apply(Store store, ConfigDocument doc, Mode mode) {
        var db = store.database();
        return db.write(c -> {
            var plan = plan(c, doc, mode);
            var rules = rules(c, doc, mode, plan);
            plan.apply(c, db.clock().millis());
            if (rules != null) {
                rules.apply(c, db.clock().millis());
            }
            return changes(plan, rules);
        });
    }

    /** The scene rules' part ({@link RuleImport}), checked against the groups the import leaves; null for none. */
    private static RuleImport rules(Connection c, ConfigDocument doc, Mode mode, Plan plan) throws SQLException {
        return RuleImport.plan(c, doc.rules(), mode, plan.groupTargets.keySet());
    }

    private static List<Change> changes(Plan plan, RuleImport rules) {
        if (rules == null) {
            return plan.changes;
        }
        var all = new ArrayList<>(plan.changes);
        all.addAll(rules.changes);
        return all;
    }

    private static Plan plan(Connection c, ConfigDocument doc, Mode mode) throws SQLException {
        var plan = new Plan(mode, ChannelStore.loadAll(c), ChannelStore.enabledOnKey(c), EntryStore.loadEntries(c),
                EntryStore.loadGroups(c), storedSettings(c));
        plan.build(doc);
        return plan;
    }

    private static Map<Setting, String> storedSettings(Connection c) throws SQLException {
        var out = new LinkedHashMap<Setting, String>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT key, value FROM setting")) {
            while (rs.next()) {
                try {
                    out.put(Setting.of(rs.getString(1)), rs.getString(2));
                } catch (StoreException newer) {
                    // a newer version's setting: not ours to touch
                }
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * A channel as it should end up; {@code current} is null for a new one.
     *
     * @param enableOnKey whether it is left without a key though the file has it enabled: the first key enables it
     */
    private record Target(Channel current, ChannelDraft draft, List<EntrySpec> entries, boolean enableOnKey) {
    }

    /** A group as it should end up; members are {@link Plan#key} strings. */
    private record GroupTarget(Group current, String name, List<String> members) {
    }

    /** The desired state, computed and checked in full before {@link #apply} writes any of it. */
    private static final class Plan {
        private final Mode mode;
        private final List<Channel> channels;
        private final Set<Long> enabledOnKey;
        private final List<Entry> entries;
        private final List<Group> groups;
        private final Map<Setting, String> settings;
        private final List<Target> targets = new ArrayList<>();
        private final Map<String, GroupTarget> groupTargets = new LinkedHashMap<>();
        private final Map<Setting, String> settingTargets = new LinkedHashMap<>();
        final List<Change> changes = new ArrayList<>();

        Plan(Mode mode, List<Channel> channels, Set<Long> enabledOnKey, List<Entry> entries, List<Group> groups,
             Map<Setting, String> settings) {
            this.mode = mode;
            this.channels = channels;
            this.enabledOnKey = enabledOnKey;
            this.entries = entries;
            this.groups = groups;
            this.settings = settings;
        }

        /** {@code channel/model} with the channel lower-cased: how entries are matched (model names are exact). */
        static String key(String channel, String model) {
            return lower(channel) + "/" + model;
        }

        void build(ConfigDocument doc) {
            buildChannels(doc);
            buildGroups(doc);
            checkAliases();
            buildSettings(doc);
            diff();
        }

        private void buildChannels(ConfigDocument doc) {
            var seen = new HashSet<String>();
            for (var spec : doc.channels()) {
                var name = spec.name().strip();
                if (!seen.add(lower(name))) {
                    throw StoreException.invalid("The file has two channels named '" + name + "'.");
                }
                var current = channels.stream().filter(ch -> ch.name().equalsIgnoreCase(name)).findFirst()
                        .orElse(null);
                ChannelDraft draft;
                boolean enableOnKey;
                try {
                    var wanted = draft(spec, current, mode);
                    // a key, header value or proxy password in neither the file nor the store: the channel comes
                    // in disabled until it gets them, and remembers whether the file had it enabled, so that the
                    // change that gives the last of them switches it on
                    enableOnKey = wanted.needsSecrets() && wanted.enabled();
                    if (wanted.needsSecrets()) {
                        wanted = wanted.withEnabled(false);
                    }
                    draft = ChannelStore.validate(wanted, true);
                } catch (StoreException e) {
                    throw StoreException.invalid("Channel '" + name + "': " + e.getMessage());
                }
                var models = new ArrayList<EntrySpec>();
                var modelNames = new HashSet<String>();
                for (var m : spec.models()) {
                    EntrySpec e;
                    try {
                        var alias = m.alias() == null || m.alias().isBlank() ? null : Validation.model(m.alias());
                        e = new EntrySpec(Validation.model(m.model()), alias, m.enabled());
                    } catch (StoreException ex) {
                        throw StoreException.invalid("Channel '" + name + "': " + ex.getMessage());
                    }
                    if (!modelNames.add(e.model())) {
                        throw StoreException.invalid("Channel '" + name + "' lists model '" + e.model()
                                + "' twice.");
                    }
                    models.add(e);
                }
                if (mode == Mode.MERGE && current != null) {
                    // keep the channel's entries the file does not mention, after the file's own
                    for (var e : entries) {
                        if (e.channelId() == current.id() && !modelNames.contains(e.model())) {
                            models.add(new EntrySpec(e.model(), e.alias(), e.enabled()));
                        }
                    }
                }
                targets.add(new Target(current, draft, models, enableOnKey));
            }
            if (mode == Mode.MERGE) {
                for (var ch : channels) {
                    if (!seen.contains(lower(ch.name()))) {
                        var kept = entries.stream().filter(e -> e.channelId() == ch.id())
                                .map(e -> new EntrySpec(e.model(), e.alias(), e.enabled())).toList();
                        targets.add(new Target(ch, ChannelDraft.from(ch), kept, enabledOnKey.contains(ch.id())));
                    }
                }
            }
        }

        /**
         * The file's channel with every withheld secret taken from the store's channel of the same name. What
         * neither has stays missing (no keys, a withheld header, the masked proxy): the channel needs its secrets.
         */
        private static ChannelDraft draft(ChannelSpec spec, Channel current, Mode mode) {
            List<String> keys = spec.keys();
            if (keys != null && keys.stream().anyMatch(Masking::looksMasked)) {
                throw StoreException.invalid("a key in the file is masked (it was copied from a listing), not a"
                        + " key.");
            }
            if (keys == null || keys.isEmpty()) {
                keys = current == null ? List.of() : current.keys().stream().map(ApiKey::reveal).toList();
            }
            var headers = new LinkedHashMap<String, String>();
            var withheld = new ArrayList<String>();
            for (var h : spec.headers().entrySet()) {
                var v = h.getValue();
                if (v == null || Masking.looksMasked(v)) {
                    v = current == null ? null : current.headers().entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase(h.getKey())).map(Map.Entry::getValue)
                            .findFirst().orElse(null);
                    if (v == null) {
                        withheld.add(h.getKey()); // given later, with `channels edit --header` or in the window
                        continue;
                    }
                }
                headers.put(h.getKey(), v);
            }
            var proxy = spec.proxy();
            if (proxy != null && Masking.looksMasked(proxy) && current != null && current.proxy() != null
                    && Masking.proxy(current.proxy()).equals(Masking.proxy(proxy))) {
                proxy = current.proxy(); // the same proxy and user: the store's password is the one meant
            }
            // otherwise a masked proxy stays as it is: the channel needs its proxy password (MissingSecrets)
            return new ChannelDraft(spec.name(), spec.type(), spec.baseUrl(), keys, headers, proxy, spec.options(),
                    spec.enabled(), withheld, balance(spec, current, mode));
        }

        /**
         * The file's balance query, its withheld header values taken from the store's query of the channel; a
         * merge keeps the store's query when the file does not mention one. A value neither has stays withheld:
         * the channel routes as before, and its balance check says which value to give.
         */
        private static BalanceQuery balance(ChannelSpec spec, Channel current, Mode mode) {
            var had = current == null ? null : current.balanceQuery();
            if (!spec.balanceGiven()) {
                return mode == Mode.MERGE ? had : null;
            }
            var q = spec.balance();
            if (q == null || q.withheldHeaders().isEmpty() || had == null) {
                return q;
            }
            var headers = new LinkedHashMap<String, String>();
            q.headers().forEach((k, v) -> headers.put(k, v != null ? v : had.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(k)).map(Map.Entry::getValue).findFirst().orElse(null)));
            return new BalanceQuery(q.preset(), q.url(), q.method(), headers, q.mapping(), q.low());
        }

        private Target target(String channel) {
            for (var t : targets) {
                if (t.draft.name().equalsIgnoreCase(channel)) {
                    return t;
                }
            }
            return null;
        }

        /** The entry a file's member reference names, as a {@link #key}; an INVALID error when there is none. */
        private String resolveMember(String group, String ref) {
            var r = ref == null ? "" : ref.strip();
            int slash = r.indexOf('/');
            var t = slash > 0 ? target(r.substring(0, slash)) : null;
            if (t != null) {
                var model = r.substring(slash + 1);
                for (var e : t.entries) {
                    if (e.model().equals(model)) {
                        return key(t.draft.name(), e.model());
                    }
                }
            }
            throw StoreException.invalid("Group '" + group + "' lists '" + r + "', which is not "
                    + (slash > 0 ? "an entry" : "a <channel>/<model> reference") + (mode == Mode.MERGE
                    ? " in the file or the store." : " in the file."));
        }

        private void buildGroups(ConfigDocument doc) {
            var fileKeys = new HashSet<String>();
            for (var spec : doc.channels()) {
                spec.models().forEach(m -> fileKeys.add(key(spec.name().strip(), m.model().strip())));
            }
            var allKeys = new HashSet<String>();
            targets.forEach(t -> t.entries.forEach(e -> allKeys.add(key(t.draft.name(), e.model()))));
            var currentKeys = new HashMap<Long, String>();
            entries.forEach(e -> currentKeys.put(e.id(), key(e.channelName(), e.model())));

            for (var spec : doc.groups()) {
                String name;
                try {
                    name = Validation.name("group", spec.name());
                } catch (StoreException e) {
                    throw StoreException.invalid("Group '" + spec.name() + "': " + e.getMessage());
                }
                if (groupTargets.containsKey(lower(name))) {
                    throw StoreException.invalid("The file has two groups named '" + name + "'.");
                }
                var current = groups.stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst().orElse(null);
                var members = new ArrayList<String>();
                for (var ref : spec.members()) {
                    var k = resolveMember(name, ref);
                    if (members.contains(k)) {
                        throw StoreException.invalid("Group '" + name + "' lists '" + ref.strip() + "' twice.");
                    }
                    members.add(k);
                }
                if (mode == Mode.MERGE && current != null) {
                    // members the file knows nothing about stay, after the file's own
                    for (var id : current.memberIds()) {
                        var k = currentKeys.get(id);
                        if (!fileKeys.contains(k) && allKeys.contains(k) && !members.contains(k)) {
                            members.add(k);
                        }
                    }
                }
                groupTargets.put(lower(name), new GroupTarget(current, current != null && current.builtin()
                        ? current.name() : name, members));
            }
            for (var g : groups) {
                if (groupTargets.containsKey(lower(g.name()))) {
                    continue;
                }
                if (g.isAuto()) {
                    // no `auto` in the file: as with `entries add`, new entries join it at the end
                    var members = new ArrayList<String>();
                    if (mode == Mode.MERGE) {
                        g.memberIds().forEach(id -> members.add(currentKeys.get(id)));
                    }
                    var existing = new HashSet<>(currentKeys.values());
                    for (var t : targets) {
                        for (var e : t.entries) {
                            var k = key(t.draft.name(), e.model());
                            if ((mode == Mode.REPLACE || !existing.contains(k)) && !members.contains(k)) {
                                members.add(k);
                            }
                        }
                    }
                    groupTargets.put(lower(g.name()), new GroupTarget(g, g.name(), members));
                } else if (mode == Mode.MERGE) {
                    var members = new ArrayList<String>();
                    g.memberIds().forEach(id -> members.add(currentKeys.get(id)));
                    groupTargets.put(lower(g.name()), new GroupTarget(g, g.name(), members));
                }
            }
        }

        /** A client asking for a group's name gets the group, so no alias may be one (as in EntryStore). */
        private void checkAliases() {
            for (var t : targets) {
                for (var e : t.entries) {
                    if (e.alias() != null && groupTargets.containsKey(lower(e.alias()))) {
                        throw StoreException.invalid("Entry " + t.draft.name() + "/" + e.model() + " has alias '"
                                + e.alias() + "', which is the name of a group. Pick another alias.");
                    }
                }
            }
        }

        private void buildSettings(ConfigDocument doc) {
            var fromFile = new LinkedHashMap<Setting, String>();
            for (var s : doc.settings().entrySet()) {
                Setting setting;
                try {
                    setting = Setting.of(s.getKey());
                } catch (StoreException e) {
                    throw StoreException.invalid("The file's settings: " + e.getMessage());
                }
                var raw = s.getValue();
                if (setting == Setting.OUTBOUND_PROXY && Masking.looksMasked(raw)) {
                    raw = settings.get(setting);
                    if (raw == null) {
                        throw StoreException.invalid("The file's " + setting.key() + " has a masked password and"
                                + " the store has no proxy to keep. Give the proxy in full.");
                    }
                }
                fromFile.put(setting, setting.normalize(raw));
            }
            if (mode == Mode.MERGE) {
                settingTargets.putAll(settings);
            }
            settingTargets.putAll(fromFile);
            settingTargets.entrySet().removeIf(e -> e.getValue().equals(e.getKey().defaultValue()));
        }

        /** {@code needs a key: disabled until it has one}, or whatever else it lacks. */
        private static String needs(ChannelDraft d) {
            var missing = MissingSecrets.describe(d.keys().isEmpty(), d.withheldHeaders(), d.proxy());
            return NEEDS + MissingSecrets.sentence(missing) + ": disabled until it has "
                    + (missing.size() == 1 ? "one" : "them");
        }

        private void diff() {
            var kept = new HashSet<Long>();
            for (var t : targets) {
                var d = t.draft;
                if (t.current == null) {
                    changes.add(new Change(Action.ADD, "channel", d.name(), d.type() + ", " + d.baseUrl() + ", "
                            + (d.needsSecrets() ? needs(d)
                            : d.keys().size() + (d.keys().size() == 1 ? " key" : " keys"))));
                } else {
                    kept.add(t.current.id());
                    var fields = channelDiff(t.current, d);
                    if (d.needsSecrets() && !fields.isEmpty()) {
                        fields.add(needs(d));
                    }
                    if (!fields.isEmpty()) {
                        changes.add(new Change(Action.UPDATE, "channel", d.name(), String.join(", ", fields)));
                    }
                }
                var wanted = new HashSet<String>();
                for (var e : t.entries) {
                    wanted.add(e.model());
                    var cur = t.current == null ? null : currentEntry(t.current.id(), e.model());
                    var ref = d.name() + "/" + e.model();
                    if (cur == null) {
                        changes.add(new Change(Action.ADD, "entry", ref, entryDetail(e)));
                    } else if (!Objects.equals(cur.alias(), e.alias()) || cur.enabled() != e.enabled()) {
                        changes.add(new Change(Action.UPDATE, "entry", ref, entryDetail(e)));
                    }
                }
                if (t.current != null) {
                    for (var e : entries) {
                        if (e.channelId() == t.current.id() && !wanted.contains(e.model())) {
                            changes.add(new Change(Action.REMOVE, "entry", e.ref(), ""));
                        }
                    }
                }
            }
            for (var ch : channels) {
                if (!kept.contains(ch.id())) {
                    changes.add(new Change(Action.REMOVE, "channel", ch.name(), "with its entries"));
                    entries.stream().filter(e -> e.channelId() == ch.id())
                            .forEach(e -> changes.add(new Change(Action.REMOVE, "entry", e.ref(), "")));
                }
            }
            var currentKeys = new HashMap<Long, String>();
            entries.forEach(e -> currentKeys.put(e.id(), key(e.channelName(), e.model())));
            for (var g : groupTargets.values()) {
                if (g.current == null) {
                    changes.add(new Change(Action.ADD, "group", g.name, g.members.size() + " members"));
                } else {
                    var before = g.current.memberIds().stream().map(currentKeys::get).toList();
                    if (!before.equals(g.members) || !g.current.name().equals(g.name)) {
                        changes.add(new Change(Action.UPDATE, "group", g.name, g.members.size() + " members"));
                    }
                }
            }
            for (var g : groups) {
                if (!groupTargets.containsKey(lower(g.name()))) {
                    changes.add(new Change(Action.REMOVE, "group", g.name(), ""));
                }
            }
            for (var s : Setting.values()) {
                var before = settings.get(s);
                var after = settingTargets.get(s);
                if (after != null && !after.equals(before)) {
                    changes.add(new Change(before == null ? Action.ADD : Action.UPDATE, "setting", s.key(),
                            Masking.setting(s, after)));
                } else if (after == null && before != null) {
                    changes.add(new Change(Action.REMOVE, "setting", s.key(), "back to default"));
                }
            }
        }

        private Entry currentEntry(long channelId, String model) {
            for (var e : entries) {
                if (e.channelId() == channelId && e.model().equals(model)) {
                    return e;
                }
            }
            return null;
        }

        private static String entryDetail(EntrySpec e) {
            return (e.alias() == null ? "" : "alias " + e.alias() + ", ") + (e.enabled() ? "enabled" : "disabled");
        }

        /** The names of the fields that differ; never their values when they are secrets. */
        private static List<String> channelDiff(Channel c, ChannelDraft d) {
            var out = new ArrayList<String>();
            if (!c.name().equals(d.name())) {
                out.add("name");
            }
            if (c.type() != d.type()) {
                out.add("type " + d.type());
            }
            if (!c.baseUrl().equals(d.baseUrl())) {
                out.add("base URL " + d.baseUrl());
            }
            if (!c.keys().stream().map(ApiKey::reveal).toList().equals(d.keys())) {
                out.add("keys");
            }
            if (!new ArrayList<>(c.headers().entrySet()).equals(new ArrayList<>(d.headers().entrySet()))
                    || !c.withheldHeaders().equals(d.withheldHeaders())) {
                out.add("headers");
            }
            if (!Objects.equals(c.proxy(), d.proxy())) {
                out.add("proxy");
            }
            if (!c.options().equals(d.options())) {
                out.add("options");
            }
            if (!Objects.equals(c.balanceQuery(), d.balanceQuery())) {
                out.add(d.balanceQuery() == null ? "no balance query" : "balance query");
            }
            if (c.enabled() != d.enabled()) {
                out.add(d.enabled() ? "enabled" : "disabled");
            }
            return out;
        }

        void apply(Connection c, long now) throws SQLException {
            var kept = new HashSet<Long>();
            targets.forEach(t -> {
                if (t.current != null) {
                    kept.add(t.current.id());
                }
            });
            // Removals first: the foreign keys cascade to keys, entries, memberships and health.
            for (var ch : channels) {
                if (!kept.contains(ch.id())) {
                    delete(c, "DELETE FROM channel WHERE id = ?", ch.id());
                }
            }
            for (var g : groups) {
                if (!groupTargets.containsKey(lower(g.name())) && !g.builtin()) {
                    delete(c, "DELETE FROM model_group WHERE id = ?", g.id());
                }
            }
            var entryIds = new HashMap<String, Long>();
            for (var t : targets) {
                long channelId = writeChannel(c, t, now);
                writeEntries(c, t, channelId, now, entryIds);
            }
            for (var g : groupTargets.values()) {
                long id = g.current != null ? g.current.id() : insertGroup(c, g.name, now);
                if (g.current != null && !g.current.name().equals(g.name)) {
                    try (var ps = c.prepareStatement("UPDATE model_group SET name = ? WHERE id = ?")) {
                        ps.setString(1, g.name);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
                var members = g.members.stream().map(entryIds::get).toList();
                if (g.current == null || !g.current.memberIds().equals(members)) {
                    EntryStore.writeMembers(c, id, members);
                }
            }
            try (var del = c.prepareStatement("DELETE FROM setting WHERE key = ?");
                 var put = c.prepareStatement("INSERT INTO setting (key, value) VALUES (?, ?)"
                         + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                for (var s : Setting.values()) {
                    var after = settingTargets.get(s);
                    if (after == null) {
                        del.setString(1, s.key());
                        del.executeUpdate();
                    } else if (!after.equals(settings.get(s))) {
                        put.setString(1, s.key());
                        put.setString(2, after);
                        put.executeUpdate();
                    }
                }
            }
        }

        private static void delete(Connection c, String sql, long id) throws SQLException {
            try (var ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }

        private static long writeChannel(Connection c, Target t, long now) throws SQLException {
            var d = t.draft;
            if (t.current == null) {
                long id;
                try (var ps = c.prepareStatement(ChannelStore.INSERT)) {
                    int i = ChannelStore.bind(ps, d);
                    ps.setLong(i++, now);
                    ps.setLong(i, now);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                ChannelStore.writeKeys(c, id, d.keys());
                ChannelStore.setEnabledOnKey(c, id, t.enableOnKey);
                return id;
            }
            ChannelStore.setEnabledOnKey(c, t.current.id(), t.enableOnKey);
            var fields = channelDiff(t.current, d);
            if (fields.isEmpty()) {
                return t.current.id();
            }
            try (var ps = c.prepareStatement(ChannelStore.UPDATE)) {
                int i = ChannelStore.bind(ps, d);
                ps.setLong(i++, now);
                ps.setLong(i, t.current.id());
                ps.executeUpdate();
            }
            if (fields.contains("keys")) {
                delete(c, "DELETE FROM channel_key WHERE channel_id = ?", t.current.id());
                ChannelStore.writeKeys(c, t.current.id(), d.keys());
            }
            ChannelStore.dropStaleBalance(c, t.current, d);
            return t.current.id();
        }

        private void writeEntries(Connection c, Target t, long channelId, long now, Map<String, Long> ids)
                throws SQLException {
            var wanted = new HashSet<String>();
            t.entries.forEach(e -> wanted.add(e.model()));
            if (t.current != null) {
                for (var e : entries) {
                    if (e.channelId() == channelId && !wanted.contains(e.model())) {
                        delete(c, "DELETE FROM entry WHERE id = ?", e.id());
                    }
                }
            }
            for (var e : t.entries) {
                var cur = t.current == null ? null : currentEntry(channelId, e.model());
                long id;
                if (cur == null) {
                    try (var ps = c.prepareStatement("INSERT INTO entry (channel_id, model, alias, enabled,"
                            + " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                        ps.setLong(1, channelId);
                        ps.setString(2, e.model());
                        ps.setString(3, e.alias());
                        ps.setInt(4, e.enabled() ? 1 : 0);
                        ps.setLong(5, now);
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            id = rs.getLong(1);
                        }
                    }
                } else {
                    id = cur.id();
                    if (!Objects.equals(cur.alias(), e.alias()) || cur.enabled() != e.enabled()) {
                        try (var ps = c.prepareStatement("UPDATE entry SET alias = ?, enabled = ? WHERE id = ?")) {
                            ps.setString(1, e.alias());
                            ps.setInt(2, e.enabled() ? 1 : 0);
                            ps.setLong(3, id);
                            ps.executeUpdate();
                        }
                        if (e.enabled() && !cur.enabled()) {
                            HealthStore.clear(c, id, now); // switching on is "try it again", as in EntryStore
                        }
                    }
                }
                ids.put(key(t.draft.name(), e.model()), id);
            }
        }

        private static long insertGroup(Connection c, String name, long now) throws SQLException {
            try (var ps = c.prepareStatement("INSERT INTO model_group (name, builtin, created_at) VALUES (?, 0, ?)"
                    + " RETURNING id")) {
                ps.setString(1, name);
                ps.setLong(2, now);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /** Parses {@code text} and {@link #preview}s it; a convenience for callers holding the file's text. */
    public static List<Change> preview(Store store, String text, Mode mode) {
        return preview(store, ConfigDocument.parse(text), mode);
    }
}
