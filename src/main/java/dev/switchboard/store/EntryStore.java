package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Entries and groups: one aggregate, because group order is order of entries. New entries join {@code auto}
 * at the end; {@code auto} always exists and cannot be deleted.
 *
 * <p>Entries are referred to as {@code channel/model} (split at the first '/', since channel names have none
 * and model names may: {@code relay/deepseek-ai/DeepSeek-V3.2}), by a model name or alias that only one entry
 * has, or as {@code #id}.
 */
public final class EntryStore {
    private final Database db;

    public EntryStore(Database db) {
        this.db = db;
    }

    public List<Entry> list() {
        return db.read(EntryStore::loadEntries);
    }

    public Entry get(String ref) {
        return db.read(c -> resolve(c, ref));
    }

    /** Adds {@code model} to {@code channelName}; it joins {@code auto} at the end when {@code joinAuto}. */
    public Entry add(String channelName, String model, String alias, boolean joinAuto) {
        return db.write(c -> insert(c, channelName, model, alias, joinAuto, db.clock().millis()));
    }

    /** Adds an entry inside a transaction already open (a channel created with its models). */
    static Entry insert(Connection c, String channelName, String model, String alias, boolean joinAuto, long now)
            throws SQLException {
        var m = Validation.model(model);
        var a = alias == null || alias.isBlank() ? null : Validation.model(alias);
        var channel = ChannelStore.require(c, channelName);
        if (a != null) {
            checkAlias(c, a);
        }
        try (var ps = c.prepareStatement("SELECT 1 FROM entry WHERE channel_id = ? AND model = ?")) {
            ps.setLong(1, channel.id());
            ps.setString(2, m);
            if (ps.executeQuery().next()) {
                throw StoreException.conflict("Channel '" + channel.name() + "' already has model '" + m
                        + "' (" + channel.name() + "/" + m + "). See `entries list`.");
            }
        }
        long id;
        try (var ps = c.prepareStatement("INSERT INTO entry (channel_id, model, alias, enabled, created_at)"
                + " VALUES (?, ?, ?, 1, ?) RETURNING id")) {
            ps.setLong(1, channel.id());
            ps.setString(2, m);
            ps.setString(3, a);
            ps.setLong(4, now);
            try (var rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        if (joinAuto) {
            var auto = requireGroup(c, Group.AUTO);
            var members = new ArrayList<>(auto.memberIds());
            members.add(id);
            writeMembers(c, auto.id(), members);
        }
        return loadEntry(c, id);
    }

    /**
     * The person's switch. Turning an entry on also clears what the system set on it (disabled reason,
     * cooldown): enabling is the person saying "try it again".
     */
    public Entry setEnabled(String ref, boolean enabled) {
        return db.write(c -> {
            var e = resolve(c, ref);
            try (var ps = c.prepareStatement("UPDATE entry SET enabled = ? WHERE id = ?")) {
                ps.setInt(1, enabled ? 1 : 0);
                ps.setLong(2, e.id());
                ps.executeUpdate();
            }
            if (enabled) {
                HealthStore.clear(c, e.id(), db.clock().millis());
            }
            return loadEntry(c, e.id());
        });
    }

    /** Sets the alias, or clears it when {@code alias} is null or blank. */
    public Entry setAlias(String ref, String alias) {
        var a = alias == null || alias.isBlank() ? null : Validation.model(alias);
        return db.write(c -> {
            var e = resolve(c, ref);
            if (a != null && !a.equalsIgnoreCase(e.alias())) {
                checkAlias(c, a);
            }
            try (var ps = c.prepareStatement("UPDATE entry SET alias = ? WHERE id = ?")) {
                ps.setString(1, a);
                ps.setLong(2, e.id());
                ps.executeUpdate();
            }
            return loadEntry(c, e.id());
        });
    }

    public Entry remove(String ref) {
        return db.write(c -> {
            var e = resolve(c, ref);
            try (var ps = c.prepareStatement("DELETE FROM entry WHERE id = ?")) {
                ps.setLong(1, e.id());
                ps.executeUpdate();
            }
            return e;
        });
    }

    // ---- groups

    public List<Group> groups() {
        return db.read(EntryStore::loadGroups);
    }

    public Group group(String name) {
        return db.read(c -> requireGroup(c, name));
    }

    public Group createGroup(String name) {
        var n = Validation.name("group", name);
        return db.write(c -> {
            var existing = findGroup(c, n);
            if (existing != null) {
                throw StoreException.conflict("A group named '" + existing.name() + "' already exists. Pick another"
                        + " name, or add members to it with `groups add`.");
            }
            try (var ps = c.prepareStatement("INSERT INTO model_group (name, builtin, created_at) VALUES (?, 0, ?)")) {
                ps.setString(1, n);
                ps.setLong(2, db.clock().millis());
                ps.executeUpdate();
            }
            return requireGroup(c, n);
        });
    }

    public Group deleteGroup(String name) {
        return db.write(c -> {
            var g = requireGroup(c, name);
            if (g.builtin()) {
                throw StoreException.conflict("The '" + g.name() + "' group is built in and cannot be deleted."
                        + " Remove its members or disable entries instead.");
            }
            try (var ps = c.prepareStatement("DELETE FROM model_group WHERE id = ?")) {
                ps.setLong(1, g.id());
                ps.executeUpdate();
            }
            return g;
        });
    }

    /**
     * Adds an entry to a group at a 1-based {@code position}, or at the end when null.
     */
    public Group addMember(String groupName, String ref, Integer position) {
        return db.write(c -> {
            var g = requireGroup(c, groupName);
            var e = resolve(c, ref);
            var members = new ArrayList<>(g.memberIds());
            if (members.contains(e.id())) {
                throw StoreException.conflict(e.ref() + " is already in group '" + g.name()
                        + "'. Use `groups move` to change its position.");
            }
            int index = position == null ? members.size() : checkPosition(position, members.size() + 1) - 1;
            members.add(index, e.id());
            writeMembers(c, g.id(), members);
            return requireGroup(c, g.name());
        });
    }

    public Group removeMember(String groupName, String ref) {
        return db.write(c -> {
            var g = requireGroup(c, groupName);
            var e = resolve(c, ref);
            var members = new ArrayList<>(g.memberIds());
            if (!members.remove(e.id())) {
                throw StoreException.notFound(e.ref() + " is not in group '" + g.name() + "'. See `groups show "
                        + g.name() + "`.");
            }
            writeMembers(c, g.id(), members);
            return requireGroup(c, g.name());
        });
    }

    /** Moves a member to a 1-based position; the others keep their relative order. */
    public Group moveMember(String groupName, String ref, int position) {
        return db.write(c -> {
            var g = requireGroup(c, groupName);
            var e = resolve(c, ref);
            var members = new ArrayList<>(g.memberIds());
            if (!members.remove(e.id())) {
                throw StoreException.notFound(e.ref() + " is not in group '" + g.name()
                        + "'. Add it with `groups add " + g.name() + " " + e.ref() + "`.");
            }
            members.add(checkPosition(position, members.size() + 1) - 1, e.id());
            writeMembers(c, g.id(), members);
            return requireGroup(c, g.name());
        });
    }

    /**
     * Reorders a group by measured speed (the speed test's {@code --order-auto}): members whose latest test
     * succeeded come first, fastest total time first; then members never tested, in their present order; then
     * members whose latest test failed, in their present order. Untested members are not pushed behind
     * failures because nothing is known against them, and not ahead of measured ones because nothing is known
     * for them either.
     *
     * @param okTotalMs total time of the latest successful test, by entry id
     * @param failed    entries whose latest test failed
     */
    public Group orderBySpeed(String groupName, Map<Long, Long> okTotalMs, Set<Long> failed) {
        return db.write(c -> {
            var g = requireGroup(c, groupName);
            writeMembers(c, g.id(), bySpeed(g.memberIds(), okTotalMs, failed));
            return requireGroup(c, g.name());
        });
    }

    static List<Long> bySpeed(List<Long> members, Map<Long, Long> okTotalMs, Set<Long> failed) {
        var ok = new ArrayList<Long>();
        var untested = new ArrayList<Long>();
        var bad = new ArrayList<Long>();
        for (var id : members) {
            if (okTotalMs.containsKey(id)) {
                ok.add(id);
            } else if (failed.contains(id)) {
                bad.add(id);
            } else {
                untested.add(id);
            }
        }
        ok.sort(Comparator.comparing(okTotalMs::get)); // stable: equal times keep their present order
        var out = new ArrayList<Long>(members.size());
        out.addAll(ok);
        out.addAll(untested);
        out.addAll(bad);
        return out;
    }

    private static int checkPosition(int position, int max) {
        if (position < 1 || position > max) {
            throw StoreException.invalid("Position " + position + " is out of range: use 1 to " + max + ".");
        }
        return position;
    }

    private static void checkAlias(Connection c, String alias) throws SQLException {
        if (findGroup(c, alias) != null) {
            throw StoreException.conflict("'" + alias + "' is the name of a group; a client asking for it would"
                    + " get the group. Pick another alias.");
        }
    }

    static void writeMembers(Connection c, long groupId, List<Long> members) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM group_member WHERE group_id = ?")) {
            ps.setLong(1, groupId);
            ps.executeUpdate();
        }
        try (var ps = c.prepareStatement("INSERT INTO group_member (group_id, entry_id, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < members.size(); i++) {
                ps.setLong(1, groupId);
                ps.setLong(2, members.get(i));
                ps.setInt(3, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Finds the entry a reference names, or explains why there is none or more than one. */
    static Entry resolve(Connection c, String ref) throws SQLException {
        var r = ref == null ? "" : ref.strip();
        if (r.isEmpty()) {
            throw StoreException.invalid("An entry is needed, as <channel>/<model>.");
        }
        var all = loadEntries(c);
        if (r.startsWith("#")) {
            try {
                long id = Long.parseLong(r.substring(1));
                for (var e : all) {
                    if (e.id() == id) {
                        return e;
                    }
                }
            } catch (NumberFormatException ignored) {
                // fall through to the name lookup
            }
        }
        int slash = r.indexOf('/');
        if (slash > 0) {
            var channel = r.substring(0, slash);
            var model = r.substring(slash + 1);
            for (var e : all) {
                if (e.channelName().equalsIgnoreCase(channel) && e.model().equals(model)) {
                    return e;
                }
            }
            for (var e : all) {
                if (e.channelName().equalsIgnoreCase(channel) && e.model().equalsIgnoreCase(model)) {
                    return e;
                }
            }
        }
        var lower = r.toLowerCase(Locale.ROOT);
        var matches = all.stream().filter(e -> e.model().toLowerCase(Locale.ROOT).equals(lower)
                || (e.alias() != null && e.alias().toLowerCase(Locale.ROOT).equals(lower))).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw StoreException.conflict("'" + r + "' is served by " + matches.size() + " entries: "
                    + String.join(", ", matches.stream().map(Entry::ref).toList()) + ". Say which, as <channel>/<model>.");
        }
        if (slash > 0) {
            ChannelStore.require(c, r.substring(0, slash)); // says "no such channel" when that is the problem
            throw StoreException.notFound("Channel '" + r.substring(0, slash) + "' has no model '"
                    + r.substring(slash + 1) + "'. See `entries list`.");
        }
        throw StoreException.notFound("There is no entry '" + r + "'. Refer to entries as <channel>/<model>;"
                + " see `entries list`.");
    }

    static Entry loadEntry(Connection c, long id) throws SQLException {
        return loadEntriesWhere(c, "WHERE e.id = " + id).stream().findFirst().orElse(null);
    }

    static List<Entry> loadEntries(Connection c) throws SQLException {
        return loadEntriesWhere(c, "");
    }

    private static List<Entry> loadEntriesWhere(Connection c, String where) throws SQLException {
        var out = new ArrayList<Entry>();
        try (var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT e.id, e.channel_id, ch.name, e.model, e.alias, e.enabled, e.created_at FROM entry e"
                        + " JOIN channel ch ON ch.id = e.channel_id " + where
                        + " ORDER BY ch.name COLLATE NOCASE, e.model COLLATE NOCASE")) {
            while (rs.next()) {
                out.add(new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6) == 1, Instant.ofEpochMilli(rs.getLong(7))));
            }
        }
        return out;
    }

    static Group requireGroup(Connection c, String name) throws SQLException {
        var g = findGroup(c, name);
        if (g == null) {
            var names = loadGroups(c).stream().map(Group::name).toList();
            throw StoreException.notFound("There is no group named '" + name + "'. Groups: "
                    + String.join(", ", names) + ". Create one with `groups create`.");
        }
        return g;
    }

    static Group findGroup(Connection c, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        var wanted = name.strip();
        for (var g : loadGroups(c)) {
            if (g.name().equalsIgnoreCase(wanted)) {
                return g;
            }
        }
        return null;
    }

    static List<Group> loadGroups(Connection c) throws SQLException {
        var members = new HashMap<Long, List<Long>>();
        try (var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT group_id, entry_id FROM group_member ORDER BY group_id, position")) {
            while (rs.next()) {
                members.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        var out = new ArrayList<Group>();
        try (var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT id, name, builtin, created_at FROM model_group ORDER BY builtin DESC, name COLLATE NOCASE")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                out.add(new Group(id, rs.getString(2), rs.getInt(3) == 1, members.getOrDefault(id, List.of()),
                        Instant.ofEpochMilli(rs.getLong(4))));
            }
        }
        return out;
    }
}
