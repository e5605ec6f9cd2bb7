package dev.switchboard.store;

import dev.switchboard.store.ConfigDocument.RuleSpec;
import dev.switchboard.store.ConfigImport.Action;
import dev.switchboard.store.ConfigImport.Change;
import dev.switchboard.store.ConfigImport.Mode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The scene rules' part of a {@link ConfigImport}: checked with the rest before anything is written, written in the
 * same transaction after the groups.
 *
 * <ul>
 *   <li>A file without {@code rules} (written before there were any) leaves the store's rules as they are, in
 *       either mode.</li>
 *   <li>{@link Mode#MERGE}: a rule of the file replaces the store's rule of that name (matched ignoring case) and
 *       keeps its place; a new one is added at the end, in the file's order; the others stay.</li>
 *   <li>{@link Mode#REPLACE}: the rules are the file's, in its order.</li>
 * </ul>
 * A rule's group need not exist after the import: an export keeps a rule whose group was deleted, and importing it
 * back must not fail. Such a rule arrives pointing nowhere, is skipped by routing, and the preview says so.
 */
final class RuleImport {
    private final List<SceneRule> current;
    /** The rules as they will be, in order, each with the id of the rule it replaces (null for a new one). */
    private final List<Target> targets = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();

    private record Target(Long id, SceneRule.Draft draft) {
    }

    private RuleImport(List<SceneRule> current) {
        this.current = current;
    }

    /**
     * @param groupsAfter the names (lower-cased) of the groups the store will have after the import
     * @return null when the file says nothing about rules
     */
    static RuleImport plan(Connection c, List<RuleSpec> specs, Mode mode, Set<String> groupsAfter)
            throws SQLException {
        if (specs == null) {
            return null;
        }
        var plan = new RuleImport(RuleStore.loadAll(c));
        plan.build(specs, mode, groupsAfter);
        return plan;
    }

    private void build(List<RuleSpec> specs, Mode mode, Set<String> groupsAfter) {
        var fromFile = new LinkedHashMap<String, SceneRule.Draft>();
        for (var spec : specs) {
            var draft = draft(spec);
            if (fromFile.put(lower(draft.name()), draft) != null) {
                throw StoreException.invalid("The file has two rules named '" + draft.name() + "'.");
            }
        }
        var byName = new HashMap<String, SceneRule>();
        current.forEach(r -> byName.put(lower(r.name()), r));
        if (mode == Mode.MERGE) {
            for (var r : current) {
                var replacement = fromFile.remove(lower(r.name()));
                targets.add(new Target(r.id(), replacement != null ? replacement : r.draft()));
            }
            fromFile.values().forEach(d -> targets.add(new Target(null, d)));
        } else {
            for (var d : fromFile.values()) {
                var existing = byName.get(lower(d.name()));
                targets.add(new Target(existing == null ? null : existing.id(), d));
            }
        }
        var kept = new java.util.HashSet<Long>();
        for (int i = 0; i < targets.size(); i++) {
            var t = targets.get(i);
            var d = t.draft();
            var detail = d.when().describe() + " -> group " + d.group()
                    + (groupsAfter.contains(lower(d.group())) ? "" : ", which does not exist: skipped until it does")
                    + (d.enabled() ? "" : ", off");
            if (t.id() == null) {
                changes.add(new Change(Action.ADD, "rule", d.name(), detail));
                continue;
            }
            kept.add(t.id());
            var before = current.stream().filter(r -> r.id() == t.id()).findFirst().orElseThrow();
            int was = current.indexOf(before);
            if (!before.draft().equals(d) || mode == Mode.REPLACE && was != i) {
                changes.add(new Change(Action.UPDATE, "rule", d.name(), detail + (was != i ? ", position "
                        + (i + 1) : "")));
            }
        }
        for (var r : current) {
            if (!kept.contains(r.id())) {
                changes.add(new Change(Action.REMOVE, "rule", r.name(), ""));
            }
        }
    }

    /** A rule of the file, checked as {@code rules add} checks one but for its group's existence. */
    private static SceneRule.Draft draft(RuleSpec spec) {
        String name;
        try {
            name = Validation.name("rule", spec.name());
        } catch (StoreException e) {
            throw StoreException.invalid("Rule '" + spec.name() + "': " + e.getMessage());
        }
        try {
            var when = new SceneRule.When(spec.protocol() == null ? null : SceneRule.protocol(spec.protocol()),
                    spec.model() == null ? null : ModelPattern.of(spec.model()), spec.thinking(), spec.images(),
                    spec.webSearch(), spec.background(), spec.tokensAbove());
            if (when.isEmpty()) {
                throw StoreException.invalid("it has no condition.");
            }
            if (spec.tokensAbove() != null && spec.tokensAbove() < 0) {
                throw StoreException.invalid("\"tokensAbove\" must be 0 or more.");
            }
            return new SceneRule.Draft(name, spec.enabled(), when, Validation.name("group", spec.group()));
        } catch (StoreException e) {
            throw StoreException.invalid("Rule '" + name + "': " + e.getMessage());
        }
    }

    void apply(Connection c, long now) throws SQLException {
        var keep = new java.util.HashSet<Long>();
        targets.forEach(t -> {
            if (t.id() != null) {
                keep.add(t.id());
            }
        });
        for (var r : current) {
            if (!keep.contains(r.id())) {
                try (var ps = c.prepareStatement("DELETE FROM scene_rule WHERE id = ?")) {
                    ps.setLong(1, r.id());
                    ps.executeUpdate();
                }
            }
        }
        var ids = new ArrayList<Long>();
        var byId = new HashMap<Long, SceneRule.Draft>();
        current.forEach(r -> byId.put(r.id(), r.draft()));
        // Rules are matched by name, so an update changes at most its name's case: no two rules swap names.
        for (var t : targets) {
            if (t.id() == null) {
                ids.add(RuleStore.insert(c, t.draft(), now));
            } else {
                if (!Objects.equals(byId.get(t.id()), t.draft())) {
                    RuleStore.update(c, t.id(), t.draft());
                }
                ids.add(t.id());
            }
        }
        RuleStore.writeOrder(c, ids);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
