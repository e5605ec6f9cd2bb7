package dev.switchboard.routing;

import dev.switchboard.store.Entry;
import dev.switchboard.store.Redaction;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a requested model name resolved to (DESIGN §2), and what chose it: a path's pinned group, a scene rule or
 * one of the model-name tiers ({@link #chosenBy}).
 *
 * @param requested  the name as resolved: trimmed, and {@code auto} when the client sent none
 * @param tier       the tier that gave the name its meaning; {@link Tier#NONE} when no tier did and the fallback to
 *                   {@code auto} is off
 * @param candidates the entries to try, in order; empty when nothing the name means can serve now (see
 *                   {@link #explain})
 * @param held       entries the name means that cannot serve now, and why: with no candidates they are what the
 *                   client's error names; with some, what a failed request's error adds as not tried
 * @param via        the scene rule's name ({@link Tier#RULE}) or the pinned group's ({@link Tier#PINNED}); else null
 * @param note       why a scene rule that matched did not choose (its group is missing or cannot serve now), or null
 */
public record Resolution(String requested, Tier tier, List<Candidate> candidates, List<Held> held, String via,
                         String note) {

    /** What can choose a request's candidates, in the order it is tried: the tiers of DESIGN §2 come last. */
    public enum Tier {
        /** A {@code /g/<group>/} path pins the group for its client. */
        PINNED,
        /** A scene rule matched the request ({@link SceneRules}). */
        RULE,
        GROUP,
        CHANNEL_QUALIFIED,
        EXACT,
        FUZZY,
        FALLBACK,
        /** Nothing matched and fallback to {@code auto} is off: 404 model_not_found. */
        NONE;

        /** As the request log writes it after {@code tier:}: {@code channel-qualified}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Why an entry that exists cannot serve now. The first that applies is the one named. */
    public enum Why {
        /** The person switched the entry off. */
        SWITCHED_OFF,
        /** The entry's channel has no key (a keyless import, kept switched off until it has one). */
        CHANNEL_WITHOUT_KEY,
        /** The person switched the entry's channel off. */
        CHANNEL_SWITCHED_OFF,
        /** The upstream rejected the channel's key (DESIGN §3, credential): only the person lifts it. */
        SYSTEM_DISABLED
    }

    /**
     * An entry that the requested name means, which cannot serve now.
     *
     * @param reason the system's reason for {@link Why#SYSTEM_DISABLED} (the upstream's words), else null
     */
    public record Held(Entry entry, Why why, String reason) {
        /** One clause for the client: the entry, why it cannot serve, and what lifts that. */
        public String describe() {
            var ref = entry.ref();
            return switch (why) {
                case SWITCHED_OFF -> ref + " is switched off (`switchboard entries enable " + ref + "`)";
                case CHANNEL_SWITCHED_OFF -> ref + " is on channel " + entry.channelName() + ", which is switched off"
                        + " (`switchboard channels enable " + entry.channelName() + "`)";
                case CHANNEL_WITHOUT_KEY -> ref + " is on channel " + entry.channelName() + ", which " + (reason != null
                        ? reason : "has no key (`switchboard channels edit " + entry.channelName() + " --key <key>`)");
                // The reason is an upstream's text: masked by value like every such text shown (DESIGN §6).
                case SYSTEM_DISABLED -> ref + " is disabled by the system: " + Redaction.redact(reason)
                        + " (fix the channel's key, then `switchboard entries enable " + ref + "`)";
            };
        }
    }

    public Resolution {
        candidates = List.copyOf(candidates);
        held = List.copyOf(held);
    }

    public Resolution(String requested, Tier tier, List<Candidate> candidates, List<Held> held) {
        this(requested, tier, candidates, held, null, null);
    }

    public Resolution(String requested, Tier tier, List<Candidate> candidates) {
        this(requested, tier, candidates, List.of());
    }

    /** This resolution, chosen by the scene rule or pinned group {@code name}. */
    Resolution withVia(String name) {
        return new Resolution(requested, tier, candidates, held, name, note);
    }

    /** This resolution with why a matching scene rule did not choose it; null changes nothing. */
    Resolution noting(String why) {
        return why == null ? this : new Resolution(requested, tier, candidates, held, via, why);
    }

    /**
     * What chose the candidates, as the request log keeps it: {@code rule:<name>}, {@code pinned:/g/<group>} or
     * {@code tier:<tier>} ({@link Tier#id}), with a scene rule that matched but did not choose in parentheses:
     * {@code tier:exact (rule background skipped: group cheap does not exist)}.
     */
    public String chosenBy() {
        var by = switch (tier) {
            case RULE -> "rule:" + via;
            case PINNED -> "pinned:/g/" + via;
            default -> "tier:" + tier.id();
        };
        return note == null ? by : by + " (" + note + ")";
    }

    /**
     * Nothing to try, though the name means entries: every one of them is switched off or disabled by the system.
     * A state Switchboard is in, not a typo in the request; the client's error says which and why.
     */
    public boolean noneHealthy() {
        return candidates.isEmpty() && !held.isEmpty();
    }

    /**
     * For a resolution without candidates: what the client is told, naming what the name means and why none of it
     * can serve. Plain words; the caller adds the status (503 when {@link #noneHealthy}, else 404).
     */
    public String explain() {
        if (!candidates.isEmpty()) {
            throw new IllegalStateException("'" + requested + "' has candidates");
        }
        if (!held.isEmpty()) {
            var each = held.stream().map(Held::describe).collect(Collectors.joining("; "));
            return switch (tier) {
                case GROUP -> "Nothing in the group '" + requested + "' can serve now: " + each + ".";
                case PINNED -> "Nothing in the group '" + via + "', which the path /g/" + via + "/ pins, can"
                        + " serve now: " + each + ".";
                case FALLBACK -> "No model answers to '" + requested + "', and nothing in auto, its fallback, can"
                        + " serve now: " + each + ".";
                default -> "'" + requested + "' cannot be served now: " + each + ". It is not sent to another"
                        + " model instead, as that is not the one asked for.";
            };
        }
        return switch (tier) {
            case GROUP -> "No enabled model answers to '" + requested + "': the group has no members"
                    + " (`switchboard groups add " + requested + " <channel>/<model>`).";
            case PINNED -> note != null ? "The path /g/" + via + "/ pins no group: " + note + "."
                    : "No enabled model answers on the path /g/" + via + "/: the group '" + via + "' it pins has no"
                    + " members (`switchboard groups add " + via + " <channel>/<model>`).";
            case CHANNEL_QUALIFIED -> "No enabled model answers to '" + requested + "': channel "
                    + requested.substring(0, requested.indexOf('/')) + " has no model '"
                    + requested.substring(requested.indexOf('/') + 1) + "'. GET /v1/models lists what does.";
            default -> "No enabled model answers to '" + requested + "'. GET /v1/models lists what does.";
        };
    }
}
