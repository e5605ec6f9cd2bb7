package dev.switchboard.routing;

import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Which scene rule, if any, chooses a request's candidates ({@link SceneRule}). A pure function of the rules in
 * list order, the model name and the request's {@link RequestTraits}.
 *
 * <p>A rule matches when it is enabled and every condition it sets holds. The winner:
 * <ol>
 *   <li>the first matching rule in list order;</li>
 *   <li>unless that rule has a model pattern and another matching rule, anywhere in the list, has a more specific
 *       one (more characters other than {@code *}, {@link dev.switchboard.store.ModelPattern#specificity}): then
 *       the most specific of those, the earlier on a tie. {@code claude-opus*} beats {@code claude*} for
 *       {@code claude-opus-4-1} wherever the two sit, as the longest match should; a rule without a pattern is
 *       never overtaken, and never overtakes, by this: a rule for thinking placed above {@code claude*} keeps
 *       thinking requests, whatever patterns come later.</li>
 * </ol>
 * Only what the winner is decides; what happens when its group is missing or cannot serve is
 * {@link Resolver}'s (the tiers, noted).
 *
 * <p>Cheap conditions are checked first and the request is read only as far as a rule asks: a list without a
 * token threshold never estimates tokens, and one without an image rule never looks for images. Patterns were
 * compiled when the rules were read; the name is lower-cased once here.
 */
public final class SceneRules {
    private SceneRules() {
    }

    /** Whether a rule can choose now, as the status, the CLI and the window show it. */
    public enum State {
        /** On, and its group has something that can serve. */
        READY,
        /** Switched off by the person. */
        OFF,
        /** Its group was deleted: requests it matches go on to the tiers. */
        GROUP_MISSING,
        /** Nothing in its group can serve now (empty, switched off, disabled): requests go on to the tiers. */
        NOTHING_CAN_SERVE;

        /** {@code group-missing}: the form in JSON. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The rule's state in {@code snapshot} (with live health, to say whether its group can serve now). */
    public static State state(SceneRule rule, Snapshot snapshot, Instant now) {
        var group = snapshot.group(rule.group());
        if (group.isEmpty()) {
            return State.GROUP_MISSING;
        }
        if (!rule.enabled()) {
            return State.OFF;
        }
        return Resolver.resolve(snapshot, group.get().name(), now).candidates().isEmpty()
                ? State.NOTHING_CAN_SERVE : State.READY;
    }

    /** The rule that chooses the request's candidates, or null when none matches. */
    public static SceneRule choose(List<SceneRule> rules, String model, RequestTraits traits) {
        if (rules.isEmpty()) {
            return null;
        }
        var lower = model.toLowerCase(Locale.ROOT);
        SceneRule first = null;
        int i = 0;
        for (; i < rules.size(); i++) {
            var r = rules.get(i);
            if (matches(r, lower, traits)) {
                first = r;
                break;
            }
        }
        if (first == null || first.when().model() == null) {
            return first;
        }
        var best = first;
        for (int j = 0; j < rules.size(); j++) {
            var r = rules.get(j);
            var pattern = r.when().model();
            if (j == i || pattern == null || pattern.specificity() <= best.when().model().specificity()) {
                continue;
            }
            if (matches(r, lower, traits)) {
                best = r;
            }
        }
        return best;
    }

    /** Whether {@code rule} is on and all its conditions hold; {@code lowerModel} is lower-cased already. */
    static boolean matches(SceneRule rule, String lowerModel, RequestTraits t) {
        if (!rule.enabled()) {
            return false;
        }
        var w = rule.when();
        if (w.isEmpty()) {
            return false; // the store refuses such a rule; one that got in anyway must not take every request
        }
        if (w.protocol() != null && !w.protocol().equals(t.protocol())) {
            return false;
        }
        if (w.model() != null && !w.model().matchesLowerCase(lowerModel)) {
            return false;
        }
        if (w.background() && !t.background()) {
            return false;
        }
        if (w.thinking() && !t.thinking()) {
            return false;
        }
        if (w.webSearch() && !t.webSearch()) {
            return false;
        }
        if (w.images() && !t.images()) {
            return false;
        }
        return w.tokensAbove() == null || t.inputTokens() > w.tokensAbove();
    }
}
