package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The scene rules ({@link SceneRule}), an ordered list: what {@code rules} in the CLI, {@code /admin/rules} and the
 * Models tab's rules panel change. Positions are 1-based where a person gives them, as in groups.
 *
 * <p>A rule is checked when it is written: a usable name, at least one condition, a protocol and a pattern that
 * parse, and a target group that exists now. Deleting that group later is allowed: the rule stays, pointing
 * nowhere, and routing skips it until it is edited ({@code routing.SceneRules}).
 */
public final class RuleStore {
    private final Database db;

    public RuleStore(Database db) {
        this.db = db;
    }

    public List<SceneRule> list() {
        return db.read(RuleStore::loadAll);
    }

    public SceneRule get(String name) {
        return db.read(c -> require(c, name));
    }

    /** Adds a rule at a 1-based {@code position}, or last when null. */
    public SceneRule add(SceneRule.Draft draft, Integer position) {
        return db.write(c -> {
            var d = check(c, draft, null);
            var ids = new ArrayList<>(loadAll(c).stream().map(SceneRule::id).toList());
            int index = position == null ? ids.size() : checkPosition(position, ids.size() + 1) - 1;
            ids.add(index, insert(c, d, db.clock().millis()));
            writeOrder(c, ids);
            return require(c, d.name());
        });
    }

    /** Replaces the fields of the rule named {@code name} (a new name included); it keeps its place. */
    public SceneRule replace(String name, SceneRule.Draft draft) {
        return db.write(c -> {
            var current = require(c, name);
            var d = check(c, draft, current.id());
            update(c, current.id(), d);
            return require(c, d.name());
        });
    }

    public SceneRule setEnabled(String name, boolean enabled) {
        return db.write(c -> {
            var r = require(c, name);
            try (var ps = c.prepareStatement("UPDATE scene_rule SET enabled = ? WHERE id = ?")) {
                ps.setInt(1, enabled ? 1 : 0);
                ps.setLong(2, r.id());
                ps.executeUpdate();
            }
            return require(c, r.name());
        });
    }

    /** Moves a rule to a 1-based position; the others keep their relative order. */
    public SceneRule move(String name, int position) {
        return db.write(c -> {
            var r = require(c, name);
            var ids = new ArrayList<>(loadAll(c).stream().map(SceneRule::id).toList());
            ids.remove(r.id());
            ids.add(checkPosition(position, ids.size() + 1) - 1, r.id());
            writeOrder(c, ids);
            return r;
        });
    }

    public SceneRule remove(String name) {
        return db.write(c -> {
            var r = require(c, name);
            try (var ps = c.prepareStatement("DELETE FROM scene_rule WHERE id = ?")) {
                ps.setLong(1, r.id());
                ps.executeUpdate();
            }
            writeOrder(c, loadAll(c).stream().map(SceneRule::id).toList());
            return r;
        });
    }

    /** The 1-based position of the rule named {@code name} in the list. */
    public static int positionOf(List<SceneRule> rules, String name) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().equalsIgnoreCase(name)) {
                return i + 1;
            }
        }
        return -1;
    }

    // ---- inside a transaction

    /**
     * A draft as it will be stored: name and group checked, the group's name as the store spells it.
     *
     * @param self the id of the rule being replaced (its own name is no clash), or null
     */
    static SceneRule.Draft check(Connection c, SceneRule.Draft draft, Long self) throws SQLException {
        var name = Validation.name("rule", draft.name());
        for (var r : loadAll(c)) {
            if (r.name().equalsIgnoreCase(name) && (self == null || r.id() != self)) {
                throw StoreException.conflict("A rule named '" + r.name() + "' already exists. Pick another name,"
                        + " or change it with `rules edit " + r.name() + "`.");
            }
        }
        var when = draft.when() == null ? SceneRule.When.NOTHING : draft.when();
        if (when.isEmpty()) {
            throw StoreException.invalid("Rule '" + name + "' has no condition. Give at least one: a protocol, a"
                    + " model pattern, thinking, images, web search, background or a token threshold. To send every"
                    + " request of a client to a group, name the group as its model or use the /g/<group>/ path.");
        }
        if (when.protocol() != null) {
            when = when.withProtocol(SceneRule.protocol(when.protocol()));
        }
        if (when.tokensAbove() != null && when.tokensAbove() < 0) {
            throw StoreException.invalid("The token threshold of rule '" + name + "' must be 0 or more, not "
                    + when.tokensAbove() + ".");
        }
        if (draft.group() == null || draft.group().isBlank()) {
            throw StoreException.invalid("Rule '" + name + "' needs a target group (see `groups list`).");
        }
        var group = EntryStore.requireGroup(c, draft.group().strip());
        return new SceneRule.Draft(name, draft.enabled(), when, group.name());
    }

    /** Inserts a checked draft (last, until {@link #writeOrder} places it); returns its id. */
    static long insert(Connection c, SceneRule.Draft d, long now) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO scene_rule (position, name, enabled, protocol,"
                + " model_pattern, thinking, images, web_search, background, tokens_above, target_group,"
                + " created_at) VALUES ((SELECT coalesce(max(position), -1) + 1 FROM scene_rule), ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?) RETURNING id")) {
            bind(ps, 1, d);
            ps.setLong(11, now);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Writes a checked draft over the rule {@code id}. */
    static void update(Connection c, long id, SceneRule.Draft d) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE scene_rule SET name = ?, enabled = ?, protocol = ?,"
                + " model_pattern = ?, thinking = ?, images = ?, web_search = ?, background = ?, tokens_above = ?,"
                + " target_group = ? WHERE id = ?")) {
            bind(ps, 1, d);
            ps.setLong(11, id);
            ps.executeUpdate();
        }
    }

    private static void bind(java.sql.PreparedStatement ps, int first, SceneRule.Draft d) throws SQLException {
        int i = first;
        var w = d.when();
        ps.setString(i++, d.name());
        ps.setInt(i++, d.enabled() ? 1 : 0);
        ps.setString(i++, w.protocol());
        ps.setString(i++, w.model() == null ? null : w.model().text());
        ps.setInt(i++, w.thinking() ? 1 : 0);
        ps.setInt(i++, w.images() ? 1 : 0);
        ps.setInt(i++, w.webSearch() ? 1 : 0);
        ps.setInt(i++, w.background() ? 1 : 0);
        if (w.tokensAbove() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setLong(i++, w.tokensAbove());
        }
        ps.setString(i, d.group());
    }

    static void writeOrder(Connection c, List<Long> ids) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE scene_rule SET position = ? WHERE id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setInt(1, i);
                ps.setLong(2, ids.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static int checkPosition(int position, int max) {
        if (position < 1 || position > max) {
            throw StoreException.invalid("Position " + position + " is out of range: use 1 to " + max + ".");
        }
        return position;
    }

    static SceneRule require(Connection c, String name) throws SQLException {
        var wanted = name == null ? "" : name.strip();
        var all = loadAll(c);
        for (var r : all) {
            if (r.name().equalsIgnoreCase(wanted)) {
                return r;
            }
        }
        throw StoreException.notFound("There is no rule named '" + ControlChars.escape(wanted) + "'."
                + (all.isEmpty() ? " There are no rules yet; add one with `rules add`."
                : " Rules: " + String.join(", ", all.stream().map(SceneRule::name).toList()) + "."));
    }

    /** Every rule in list order. */
    static List<SceneRule> loadAll(Connection c) throws SQLException {
        var out = new ArrayList<SceneRule>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id, name, enabled, protocol,"
                + " model_pattern, thinking, images, web_search, background, tokens_above, target_group"
                + " FROM scene_rule ORDER BY position, id")) {
            while (rs.next()) {
                long tokens = rs.getLong(10);
                Long tokensAbove = rs.wasNull() ? null : tokens;
                var protocol = rs.getString(4);
                var pattern = rs.getString(5);
                var when = new SceneRule.When(protocol, pattern == null ? null : ModelPattern.of(pattern),
                        rs.getInt(6) == 1, rs.getInt(7) == 1, rs.getInt(8) == 1, rs.getInt(9) == 1, tokensAbove);
                out.add(new SceneRule(rs.getLong(1), rs.getString(2), rs.getInt(3) == 1, when,
                        rs.getString(11)));
            }
        }
        return out;
    }
}
