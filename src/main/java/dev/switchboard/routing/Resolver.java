package dev.switchboard.routing;

import dev.switchboard.routing.Resolution.Held;
import dev.switchboard.routing.Resolution.Tier;
import dev.switchboard.routing.Resolution.Why;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.MissingSecrets;
import dev.switchboard.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the model name a client asked for into the entries to try, in order (DESIGN §2). A pure function of
 * one {@link Snapshot}: pass {@link HealthTracker#overlay} of the current snapshot to see live health.
 *
 * <p>The name is trimmed; no name means {@code auto}. The tiers are tried in order, and the first one that gives
 * the name a meaning wins, whether or not what it means can serve now:
 * <ol>
 *   <li>{@link Tier#GROUP}: a group of that name, case-insensitive: its members in group order;</li>
 *   <li>{@link Tier#CHANNEL_QUALIFIED}: {@code <channel>/<model>}, split at the first '/' (channel names never
 *       hold one, model names may: {@code relay/deepseek-ai/DeepSeek-V3.2}); the channel name is
 *       case-insensitive, the model name matches exactly or else case-insensitively, as in the CLI's
 *       references: that entry alone;</li>
 *   <li>{@link Tier#EXACT}: entries whose model name or alias equals the name, case-insensitive: the same model on
 *       every channel that has it;</li>
 *   <li>{@link Tier#FUZZY}: entries whose model name or alias contains the name or is contained in it,
 *       case-insensitive, by at least {@value #MIN_FUZZY_OVERLAP} characters. The overlap is the length of the
 *       shorter of the two strings; only the entries with the longest overlap are kept, so {@code gpt-4o-mini}
 *       asked as {@code gpt-4o-mini-2024} beats {@code gpt-4o};</li>
 *   <li>{@link Tier#FALLBACK}: the {@code auto} group, when the {@code fallback-to-auto} setting is on.</li>
 * </ol>
 * Exact and fuzzy matches are ordered by their position in {@code auto} (entries not in it come after), then
 * by model name, channel name and id, so the order never depends on how the snapshot happens to list them.
 *
 * <p>Before the tiers, for generation requests ({@link #resolve(Snapshot, String, RequestTraits, String, Instant)}):
 * <ol>
 *   <li>{@link Tier#PINNED}: a {@code /g/<group>/} path pins a group for its client: its members, those the name
 *       names first. Scene rules do not apply (the person chose this client's group); an empty or unservable
 *       pinned group is the client's error, not a reason to look elsewhere.</li>
 *   <li>{@link Tier#RULE}: the scene rule that matches the request ({@link SceneRules}): its group's members in
 *       group order. A rule whose group does not exist, or whose group leaves nothing that can serve now, does
 *       not choose: the name goes on to the tiers, and {@link Resolution#note} says which rule was skipped and why
 *       (the request log keeps it). No other rule is tried instead: the rule the person placed there is the one
 *       that should have applied, and the name the client sent is a better guess than a rule meant for another
 *       kind of request.</li>
 * </ol>
 * Neither applies to a channel-qualified name ({@code <channel>/<model>} of an existing channel): it names one
 * model on purpose and is never handed to another (issue 18).
 *
 * <p>Then the filter of DESIGN §2: what cannot serve now is left out, and kept in {@link Resolution#held()} with
 * its reason; entries cooling down move behind the others, the one whose cooldown ends first first (a last
 * resort, never dropped). When the filter leaves nothing, the resolution has no candidates and the client is told
 * why ({@link Resolution#explain}): it is never handed to a later tier. A name that means an entry is never served
 * by another model.
 *
 * <p>Decisions where DESIGN is silent or loose:
 * <ul>
 *   <li>Cannot serve now means: the entry is switched off, its channel is switched off or has no key, or the system
 *       disabled it ({@code Health.systemDisabled()}, a credential failure). A system disable is a disable: trying
 *       a revoked key again as a "last resort" would only fail again and cost an attempt; only the person lifts
 *       it, with {@code entries enable}.</li>
 *   <li>The filter does not hand the name on to the next tier (an earlier version did): {@code relay/gpt-x} whose
 *       entry the system disabled went on to the fuzzy tier and was answered by {@code hold/x}, a model the client
 *       never asked for (issue 18). DESIGN's "the first tier that yields entries wins; then filter" is read
 *       literally.</li>
 *   <li>A group that exists gives its name a meaning even with no members: an empty group is "nothing answers",
 *       not the fallback.</li>
 *   <li>A name whose part before the first '/' is a channel is channel-qualified even when that channel has no
 *       such model: after the exact tier (a model may be named so on another channel), neither fuzzy matching
 *       nor the fallback serves it, as the client named one channel's model. A name whose prefix is no channel
 *       (OpenRouter's {@code openai/gpt-4o}) is a plain name.</li>
 *   <li>The fuzzy tier finds its longest overlap among every entry, whether it can serve or not: asked for
 *       {@code gpt-4o-mini-2024} while {@code gpt-4o-mini} is switched off, the client is told so, not served
 *       {@code gpt-4o}. One or two characters in common ({@code x} in {@code gpt-x}) are no match.</li>
 *   <li>{@link Resolution#requested()} is the name as resolved (trimmed, {@code auto} for none), the one an
 *       error message should quote.</li>
 *   <li>Balances (issue 16): with the {@code balance-empty-last} setting on (the default), the entries of a channel
 *       whose last balance check read 0 or less go after every other candidate, cooling ones included: a cooling
 *       entry failed transiently and may well answer now, while an empty account is known to refuse, and trying
 *       it may get the entry disabled by the quota keywords. Among themselves they keep the same order (ready ones
 *       first, then cooling ones by the end of their cooldown). They are never dropped: the balance may have been
 *       topped up since the check. A failed check (an error) is no reading and moves nothing; a low balance moves
 *       nothing either.</li>
 * </ul>
 */
public final class Resolver {
    /** Fewer characters in common than this are a coincidence, not a match: {@code x} is in {@code gpt-x}. */
    static final int MIN_FUZZY_OVERLAP = 3;

    private Resolver() {
    }

    /** The model-name tiers alone: no scene rule, no pinned group (the OpenAI endpoints besides generation). */
    public static Resolution resolve(Snapshot snapshot, String requestedModel, Instant now) {
        return resolve(snapshot, requestedModel, null, null, now);
    }

    /**
     * A generation request's candidates: the pinned group, else a scene rule, else the tiers (see the class comment).
     *
     * @param traits what scene rules may ask of the request, or null to try no rule
     * @param pinned the group a {@code /g/<group>/} path pins, or null
     */
    public static Resolution resolve(Snapshot snapshot, String requestedModel, RequestTraits traits, String pinned,
                                     Instant now) {
        var stripped = requestedModel == null ? "" : requestedModel.strip();
        var m = stripped.isEmpty() ? Group.AUTO : stripped;
        var view = new View(snapshot);
        var qualified = view.channelQualified(m);
        String skipped = null;
        // A channel-qualified name is one channel's model, named on purpose: neither a pin nor a rule hands it to
        // another model (issue 18).
        if (!qualified.channelExists()) {
            if (pinned != null) {
                return view.pinned(m, pinned, now);
            }
            var rule = traits == null ? null : SceneRules.choose(snapshot.rules(), m, traits);
            if (rule != null) {
                var group = snapshot.group(rule.group());
                if (group.isEmpty()) {
                    skipped = "rule " + rule.name() + " skipped: group " + rule.group() + " does not exist";
                } else {
                    var chosen = view.filtered(m, Tier.RULE, view.members(group.get()), now);
                    if (!chosen.candidates().isEmpty()) {
                        return chosen.withVia(rule.name());
                    }
                    skipped = "rule " + rule.name() + " skipped: nothing in group " + group.get().name()
                            + " can serve now";
                }
            }
        }
        return tiers(snapshot, view, m, qualified, now).noting(skipped);
    }

    private static Resolution tiers(Snapshot snapshot, View view, String m, Qualified qualified, Instant now) {
        var group = snapshot.group(m);
        if (group.isPresent()) {
            return view.filtered(m, Tier.GROUP, view.members(group.get()), now);
        }
        if (qualified.entry() != null) {
            return view.filtered(m, Tier.CHANNEL_QUALIFIED, List.of(qualified.entry()), now);
        }
        var exact = view.exact(m);
        if (!exact.isEmpty()) {
            return view.filtered(m, Tier.EXACT, exact, now);
        }
        if (qualified.channelExists()) {
            return new Resolution(m, Tier.CHANNEL_QUALIFIED, List.of());
        }
        var fuzzy = view.fuzzy(m);
        if (!fuzzy.isEmpty()) {
            return view.filtered(m, Tier.FUZZY, fuzzy, now);
        }
        if (snapshot.settings().fallbackToAuto()) {
            var auto = snapshot.group(Group.AUTO).map(view::members).orElse(List.of());
            return view.filtered(m, Tier.FALLBACK, auto, now);
        }
        return new Resolution(m, Tier.NONE, List.of());
    }

    /**
     * Stable: entries ready now keep their order; cooling ones follow, soonest available first; with
     * {@code emptyLast}, the entries of channels whose balance read empty come after all of those, in the same two
     * parts.
     */
    private static List<Candidate> ordered(List<Candidate> found, Instant now, boolean emptyLast) {
        if (!emptyLast) {
            return coolingLast(found, now);
        }
        var funded = new ArrayList<Candidate>(found.size());
        var empty = new ArrayList<Candidate>();
        for (var c : found) {
            var b = c.channel().balanceQuery() == null ? null : c.channel().balance();
            (b != null && b.empty() ? empty : funded).add(c);
        }
        var out = coolingLast(funded, now);
        out.addAll(coolingLast(empty, now));
        return out;
    }

    /** Stable: entries ready now keep their order; cooling ones follow, soonest available first. */
    private static List<Candidate> coolingLast(List<Candidate> found, Instant now) {
        var ready = new ArrayList<Candidate>(found.size());
        var cooling = new ArrayList<Candidate>();
        for (var c : found) {
            (c.health().coolingAt(now) ? cooling : ready).add(c);
        }
        cooling.sort(Comparator.comparing(c -> c.health().cooldownUntil()));
        ready.addAll(cooling);
        return ready;
    }

    /**
     * The channel-qualified reading of a name.
     *
     * @param channelExists the part before the first '/' names a channel
     * @param entry         that channel's entry of the model after it, or null
     */
    private record Qualified(boolean channelExists, Entry entry) {
        static final Qualified NONE = new Qualified(false, null);
    }

    /** The snapshot indexed for one resolution: a few hundred entries at most, so plain maps per call. */
    private static final class View {
        private final Snapshot snapshot;
        private final Map<Long, Channel> channels = new HashMap<>();
        private final Map<Long, Entry> entries = new HashMap<>();
        private final Map<Long, Integer> autoPosition = new HashMap<>();
        private final Comparator<Entry> byAutoPositionThenName;

        View(Snapshot snapshot) {
            this.snapshot = snapshot;
            snapshot.channels().forEach(c -> channels.put(c.id(), c));
            snapshot.entries().forEach(e -> entries.put(e.id(), e));
            var auto = snapshot.group(Group.AUTO).map(Group::memberIds).orElse(List.of());
            for (int i = 0; i < auto.size(); i++) {
                autoPosition.putIfAbsent(auto.get(i), i);
            }
            byAutoPositionThenName = Comparator
                    .comparingInt((Entry e) -> autoPosition.getOrDefault(e.id(), Integer.MAX_VALUE))
                    .thenComparing(Entry::model, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(Entry::channelName, String.CASE_INSENSITIVE_ORDER)
                    .thenComparingLong(Entry::id);
        }

        List<Entry> members(Group group) {
            var out = new ArrayList<Entry>();
            group.memberIds().stream().distinct().forEach(id -> {
                var e = entries.get(id);
                if (e != null) {
                    out.add(e);
                }
            });
            return out;
        }

        Qualified channelQualified(String m) {
            int slash = m.indexOf('/');
            if (slash <= 0 || slash == m.length() - 1) {
                return Qualified.NONE;
            }
            var channel = m.substring(0, slash);
            if (channels.values().stream().noneMatch(c -> c.name().equalsIgnoreCase(channel))) {
                return Qualified.NONE;
            }
            var model = m.substring(slash + 1);
            Entry exact = null;
            Entry ignoringCase = null;
            for (var e : snapshot.entries()) {
                if (!e.channelName().equalsIgnoreCase(channel)) {
                    continue;
                }
                if (e.model().equals(model)) {
                    exact = e;
                } else if (ignoringCase == null && e.model().equalsIgnoreCase(model)) {
                    ignoringCase = e;
                }
            }
            return new Qualified(true, exact != null ? exact : ignoringCase);
        }

        List<Entry> exact(String m) {
            var out = new ArrayList<Entry>();
            for (var e : snapshot.entries()) {
                if (e.model().equalsIgnoreCase(m) || (e.alias() != null && e.alias().equalsIgnoreCase(m))) {
                    out.add(e);
                }
            }
            out.sort(byAutoPositionThenName);
            return out;
        }

        /** Every entry with the longest overlap of at least {@link #MIN_FUZZY_OVERLAP}, whatever its state. */
        List<Entry> fuzzy(String m) {
            var wanted = m.toLowerCase(Locale.ROOT);
            var out = new ArrayList<Entry>();
            int best = MIN_FUZZY_OVERLAP;
            for (var e : snapshot.entries()) {
                int overlap = Math.max(overlap(e.model(), wanted), overlap(e.alias(), wanted));
                if (overlap < best) {
                    continue;
                }
                if (overlap > best) {
                    // A longer overlap makes every shorter one lose.
                    out.clear();
                    best = overlap;
                }
                out.add(e);
            }
            out.sort(byAutoPositionThenName);
            return out;
        }

        /** The length of the shorter string when one contains the other, else 0. */
        private static int overlap(String name, String wanted) {
            if (name == null || name.isEmpty()) {
                return 0;
            }
            var n = name.toLowerCase(Locale.ROOT);
            if (n.contains(wanted)) {
                return wanted.length();
            }
            return wanted.contains(n) ? n.length() : 0;
        }

        /**
         * The pinned group's members, those the name names (by model or alias) first and the rest after, each part
         * in group order: a client that picks a member from {@code /g/<group>/v1/models} gets it first, and the
         * group as its failover. A group that is gone (deleted since the path was checked) is said so.
         */
        Resolution pinned(String m, String groupName, Instant now) {
            var group = snapshot.group(groupName);
            if (group.isEmpty()) {
                return new Resolution(m, Tier.PINNED, List.of(), List.of(), groupName,
                        "there is no group " + groupName);
            }
            var named = new ArrayList<Entry>();
            var rest = new ArrayList<Entry>();
            for (var e : members(group.get())) {
                boolean names = e.model().equalsIgnoreCase(m) || (e.alias() != null && e.alias().equalsIgnoreCase(m));
                (names ? named : rest).add(e);
            }
            named.addAll(rest);
            return filtered(m, Tier.PINNED, named, now).withVia(group.get().name());
        }

        /** DESIGN §2's filter over what {@code tier} found: candidates in order, cooling last; the rest held. */
        Resolution filtered(String m, Tier tier, List<Entry> found, Instant now) {
            var candidates = new ArrayList<Candidate>(found.size());
            var held = new ArrayList<Held>();
            for (var e : found) {
                var channel = channels.get(e.channelId());
                if (channel == null) {
                    continue; // a snapshot never holds such an entry; nothing to try, nothing to name
                }
                var health = snapshot.health(e.id());
                if (!e.enabled()) {
                    held.add(new Held(e, Why.SWITCHED_OFF, null));
                } else if (channel.needsSecrets()) {
                    // Before the channel's switch: the store keeps a channel without its key (or another secret a
                    // keyless import withheld) off, and that is what is missing. Checked even were it on, as it
                    // could only fail.
                    // more than a key (header values, a proxy password): what it lacks and the command that gives it
                    held.add(new Held(e, Why.CHANNEL_WITHOUT_KEY, channel.missingSecrets().equals(List.of("a key"))
                            ? null : "lacks " + MissingSecrets.sentence(channel.missingSecrets())
                            + " (`switchboard channels edit " + channel.name() + channel.completeOptions() + "`)"));
                } else if (!channel.enabled()) {
                    held.add(new Held(e, Why.CHANNEL_SWITCHED_OFF, null));
                } else if (health.systemDisabled()) {
                    held.add(new Held(e, Why.SYSTEM_DISABLED, health.disabledReason()));
                } else {
                    candidates.add(new Candidate(e, channel, health));
                }
            }
            return new Resolution(m, tier, ordered(candidates, now, snapshot.settings().balanceEmptyLast()), held);
        }
    }
}
