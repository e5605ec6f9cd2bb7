package dev.switchboard.routing;

import dev.switchboard.routing.Resolution.Tier;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the model name a client asked for into the entries to try, in order (DESIGN §2). A pure function of
 * one {@link Snapshot}: pass {@link HealthTracker#overlay} of the current snapshot to see live health.
 *
 * <p>The name is trimmed; no name means {@code auto}. The tiers are tried in order and the first one that
 * yields a routable entry wins:
 * <ol>
 *   <li>{@link Tier#GROUP}: a group of that name, case-insensitive, in group order;</li>
 *   <li>{@link Tier#CHANNEL_QUALIFIED}: {@code <channel>/<model>}, split at the first '/' (channel names never
 *       hold one, model names may: {@code relay/deepseek-ai/DeepSeek-V3.2}); the channel name is
 *       case-insensitive, the model name matches exactly or else case-insensitively, as in the CLI's
 *       references;</li>
 *   <li>{@link Tier#EXACT}: entries whose model name or alias equals the name, case-insensitive;</li>
 *   <li>{@link Tier#FUZZY}: entries whose model name or alias contains the name or is contained in it,
 *       case-insensitive. The overlap is the length of the shorter of the two strings; only the entries with
 *       the longest overlap are kept, so {@code gpt-4o-mini} asked as {@code gpt-4o-mini-2024} beats
 *       {@code gpt-4o};</li>
 *   <li>{@link Tier#FALLBACK}: the {@code auto} group, when the {@code fallback-to-auto} setting is on.</li>
 * </ol>
 * Exact and fuzzy matches are ordered by their position in {@code auto} (entries not in it come after), then
 * by model name, channel name and id, so the order never depends on how the snapshot happens to list them.
 *
 * <p>Decisions where DESIGN is silent:
 * <ul>
 *   <li>Routable means: the entry is enabled, its channel exists and is enabled, and the system has not
 *       disabled it ({@code Health.systemDisabled()}, a credential failure). A system disable is a disable:
 *       trying a revoked key again as a "last resort" would only fail again and cost an attempt; only the
 *       person lifts it, with {@code entries enable}.</li>
 *   <li>The filter is applied inside each tier, before deciding whether it matched: a group whose members are
 *       all disabled does not swallow the request, the next tiers (and finally the fallback) get their turn,
 *       just as if the name had matched nothing routable.</li>
 *   <li>Entries cooling down are never dropped: they move behind the others, the one whose cooldown ends first
 *       first; everything else keeps its order.</li>
 *   <li>{@link Resolution#requested()} is the name as resolved (trimmed, {@code auto} for none), the one an
 *       error message should quote.</li>
 * </ul>
 */
public final class Resolver {
    private static final List<Tier> MATCHING_TIERS =
            List.of(Tier.GROUP, Tier.CHANNEL_QUALIFIED, Tier.EXACT, Tier.FUZZY, Tier.FALLBACK);

    private Resolver() {
    }

    public static Resolution resolve(Snapshot snapshot, String requestedModel, Instant now) {
        var stripped = requestedModel == null ? "" : requestedModel.strip();
        var m = stripped.isEmpty() ? Group.AUTO : stripped;
        var view = new View(snapshot);
        for (var tier : MATCHING_TIERS) {
            var found = switch (tier) {
                case GROUP -> view.group(m);
                case CHANNEL_QUALIFIED -> view.channelQualified(m);
                case EXACT -> view.exact(m);
                case FUZZY -> view.fuzzy(m);
                case FALLBACK -> snapshot.settings().fallbackToAuto() ? view.group(Group.AUTO) : List.<Candidate>of();
                case NONE -> List.<Candidate>of();
            };
            if (!found.isEmpty()) {
                return new Resolution(m, tier, coolingLast(found, now));
            }
        }
        return new Resolution(m, Tier.NONE, List.of(), view.sidelined == null ? 0 : view.sidelined.size());
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

    /** The snapshot indexed for one resolution: a few hundred entries at most, so plain maps per call. */
    private static final class View {
        private final Snapshot snapshot;
        /** Entries that matched but were dropped as disabled by the system, over every tier tried (one may match in
         *  several: its exact name, then the auto group). Made on the first: most resolutions drop none. */
        private Set<Long> sidelined;
        private final Map<Long, Channel> channels = new HashMap<>();
        private final Map<Long, Entry> entries = new HashMap<>();
        private final Map<Long, Integer> autoPosition = new HashMap<>();
        private final Comparator<Candidate> byAutoPositionThenName;

        View(Snapshot snapshot) {
            this.snapshot = snapshot;
            snapshot.channels().forEach(c -> channels.put(c.id(), c));
            snapshot.entries().forEach(e -> entries.put(e.id(), e));
            var auto = snapshot.group(Group.AUTO).map(Group::memberIds).orElse(List.of());
            for (int i = 0; i < auto.size(); i++) {
                autoPosition.putIfAbsent(auto.get(i), i);
            }
            byAutoPositionThenName = Comparator
                    .comparingInt((Candidate c) -> autoPosition.getOrDefault(c.entry().id(), Integer.MAX_VALUE))
                    .thenComparing(c -> c.entry().model(), String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(c -> c.entry().channelName(), String.CASE_INSENSITIVE_ORDER)
                    .thenComparingLong(c -> c.entry().id());
        }

        List<Candidate> group(String name) {
            var group = snapshot.group(name);
            if (group.isEmpty()) {
                return List.of();
            }
            var out = new ArrayList<Candidate>();
            group.get().memberIds().stream().distinct().forEach(id -> {
                var e = entries.get(id);
                if (e != null) {
                    addIfRoutable(out, e);
                }
            });
            return out;
        }

        List<Candidate> channelQualified(String m) {
            int slash = m.indexOf('/');
            if (slash <= 0 || slash == m.length() - 1) {
                return List.of();
            }
            var channel = m.substring(0, slash);
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
            var named = exact != null ? exact : ignoringCase;
            var out = new ArrayList<Candidate>(1);
            if (named != null) {
                addIfRoutable(out, named);
            }
            return out;
        }

        List<Candidate> exact(String m) {
            var out = new ArrayList<Candidate>();
            for (var e : snapshot.entries()) {
                if (e.model().equalsIgnoreCase(m) || (e.alias() != null && e.alias().equalsIgnoreCase(m))) {
                    addIfRoutable(out, e);
                }
            }
            out.sort(byAutoPositionThenName);
            return out;
        }

        List<Candidate> fuzzy(String m) {
            var wanted = m.toLowerCase(Locale.ROOT);
            var out = new ArrayList<Candidate>();
            int best = 0;
            for (var e : snapshot.entries()) {
                int overlap = Math.max(overlap(e.model(), wanted), overlap(e.alias(), wanted));
                if (overlap == 0 || overlap < best) {
                    continue;
                }
                int before = out.size();
                addIfRoutable(out, e);
                if (out.size() > before && overlap > best) {
                    // A longer overlap makes every shorter one lose: keep only the entry just added.
                    var winner = out.get(out.size() - 1);
                    out.clear();
                    out.add(winner);
                    best = overlap;
                }
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

        private void addIfRoutable(List<Candidate> out, Entry e) {
            var channel = channels.get(e.channelId());
            // a channel without a key is kept disabled by the store; checked here too, as it could only fail
            if (!e.enabled() || channel == null || !channel.enabled() || channel.needsSecrets()) {
                return;
            }
            var health = snapshot.health(e.id());
            if (health.systemDisabled()) {
                (sidelined == null ? sidelined = new HashSet<>() : sidelined).add(e.id());
                return;
            }
            out.add(new Candidate(e, channel, health));
        }
    }
}
