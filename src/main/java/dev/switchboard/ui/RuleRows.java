package dev.switchboard.ui;

import dev.switchboard.routing.SceneRules;
import dev.switchboard.store.ModelPattern;
import dev.switchboard.store.RuleStore;
import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Models tab's scene rules without Swing: the rows the rules table shows, the editor's form and what it makes
 * of its fields, and the store calls behind the pane's buttons (the same {@link RuleStore} the CLI's {@code rules}
 * and {@code /admin/rules} call). {@link RulesPane} is the Swing side.
 */
final class RuleRows {
    /** The client protocols a rule may name, in the editor's list after "any". */
    static final List<String> PROTOCOLS = SceneRule.PROTOCOLS;

    private final Messages text;

    RuleRows(Messages text) {
        this.text = text;
    }

    /**
     * One rule as the table shows it.
     *
     * @param position 1-based, the order rules are tried in
     */
    record Row(int position, String name, String when, String group, String state, SceneRules.State kind,
               boolean enabled) {
    }

    List<String> columns() {
        return List.of(text.get("models.rules.col.position"), text.get("models.rules.col.name"),
                text.get("models.rules.col.when"), text.get("models.rules.col.group"),
                text.get("models.rules.col.state"));
    }

    static Object cell(Row r, int col) {
        return switch (col) {
            case 0 -> r.position();
            case 1 -> r.name();
            case 2 -> r.when();
            case 3 -> r.group();
            case 4 -> r.state();
            default -> throw new IndexOutOfBoundsException(col);
        };
    }

    List<Row> rows(Snapshot snapshot, Instant now) {
        var out = new ArrayList<Row>();
        var rules = snapshot.rules();
        for (int i = 0; i < rules.size(); i++) {
            var r = rules.get(i);
            var state = SceneRules.state(r, snapshot, now);
            out.add(new Row(i + 1, r.name(), when(r.when()), r.group(), state(state), state, r.enabled()));
        }
        return out;
    }

    /** A rule's conditions in words, in the order the CLI gives them. */
    String when(SceneRule.When w) {
        var parts = new ArrayList<String>();
        if (w.background()) {
            parts.add(text.get("models.rules.when.background"));
        }
        if (w.protocol() != null) {
            parts.add(text.get("models.rules.when.protocol", w.protocol()));
        }
        if (w.model() != null) {
            parts.add(text.get("models.rules.when.model", w.model().text()));
        }
        if (w.thinking()) {
            parts.add(text.get("models.rules.when.thinking"));
        }
        if (w.images()) {
            parts.add(text.get("models.rules.when.images"));
        }
        if (w.webSearch()) {
            parts.add(text.get("models.rules.when.webSearch"));
        }
        if (w.tokensAbove() != null) {
            parts.add(text.get("models.rules.when.tokens", w.tokensAbove()));
        }
        return String.join(text.get("models.rules.when.and"), parts);
    }

    String state(SceneRules.State s) {
        return text.get(switch (s) {
            case READY -> "models.rules.state.ready";
            case OFF -> "models.rules.state.off";
            case GROUP_MISSING -> "models.rules.state.groupMissing";
            case NOTHING_CAN_SERVE -> "models.rules.state.nothingCanServe";
        });
    }

    // ---- the editor's form

    /**
     * The editor's fields as typed.
     *
     * @param protocol    a protocol of {@link #PROTOCOLS}, or null for any
     * @param model       a pattern, or blank for any name
     * @param tokensAbove a whole number, or blank for any size
     */
    record Form(String name, boolean enabled, String group, String protocol, String model, boolean thinking,
                boolean images, boolean webSearch, boolean background, String tokensAbove) {
        static Form blank(String group) {
            return new Form("", true, group, null, "", false, false, false, false, "");
        }

        static Form of(SceneRule r) {
            var w = r.when();
            return new Form(r.name(), r.enabled(), r.group(), w.protocol(), w.model() == null ? "" : w.model().text(),
                    w.thinking(), w.images(), w.webSearch(), w.background(),
                    w.tokensAbove() == null ? "" : String.valueOf(w.tokensAbove()));
        }
    }

    /** The rule a form describes; the store checks the rest (a name, a condition, the group) when it is written. */
    SceneRule.Draft draft(Form f) {
        Long tokens = null;
        var t = f.tokensAbove() == null ? "" : f.tokensAbove().strip().replace(",", "").replace("_", "");
        if (!t.isEmpty()) {
            try {
                tokens = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new StoreException(StoreException.Kind.INVALID, text.get("models.rules.editor.tokens.invalid"));
            }
        }
        var model = f.model() == null || f.model().isBlank() ? null : ModelPattern.of(f.model());
        var when = new SceneRule.When(f.protocol(), model, f.thinking(), f.images(), f.webSearch(), f.background(),
                tokens);
        return new SceneRule.Draft(f.name(), f.enabled(), when, f.group());
    }

    // ---- store calls, run in the background by the pane

    SceneRule add(Store store, Form f) {
        return store.rules().add(draft(f), null);
    }

    /** Saves the form over the rule first named {@code original} (it may rename it). */
    SceneRule save(Store store, String original, Form f) {
        return store.rules().replace(original, draft(f));
    }

    static SceneRule remove(Store store, String name) {
        return store.rules().remove(name);
    }

    static SceneRule setEnabled(Store store, String name, boolean enabled) {
        return store.rules().setEnabled(name, enabled);
    }

    /** Moves the rule one place up ({@code -1}) or down ({@code +1}); at an end, nothing changes. */
    static SceneRule move(Store store, String name, int by) {
        var rules = store.rules().list();
        int at = RuleStore.positionOf(rules, name);
        int to = Math.max(1, Math.min(rules.size(), at + by));
        return store.rules().move(name, to);
    }
}
