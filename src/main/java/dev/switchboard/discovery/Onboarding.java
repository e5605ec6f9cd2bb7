package dev.switchboard.discovery;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.catalog.ModelFacts;
import dev.switchboard.store.ApiType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What adding a channel does with what detection and the model list found, decided once, so that
 * {@code channels add} and the window's "Add channel" (and "Add models" of an existing channel) cannot disagree.
 *
 * <p><b>Base URL.</b> The corrected one by default: detection probed it and it answered, while the URL as
 * pasted ({@code …/v1/chat/completions}, a root without {@code /v1}) would send every request to a wrong path.
 * The person may keep theirs ({@code --keep-url}, the window's tick box). When nothing was detected, the URL is
 * still cleaned of a pasted endpoint, since no base ends in {@code /chat/completions}.
 *
 * <p><b>Refusal.</b> Saving is refused when nothing worked and the evidence says why: no probe got an HTTP answer
 * (unknown host, refused, TLS, timeout: {@link Refusal#UNREACHABLE}), or some probe's answer was 401/403 and none
 * succeeded ({@link Refusal#KEY_REJECTED}; a relay answers its unknown paths 404 and its list 401, so "rejected
 * somewhere, successful nowhere" is the rejected key, not "rejected on every path"). A host that answered but
 * lists no models and has no recognised chat endpoint is not refused: relays without a list are common, and their
 * models are added by name. The caller may force a refused save (the host is down right now, a VPN is off).
 *
 * <p><b>Pre-selected models</b>, in this order, the first rule that applies:
 * <ol>
 *   <li>already an entry of the channel → ticked;</li>
 *   <li>the catalog knows it → ticked when its catalog release date is within {@code recent-months}: the
 *       catalog's date is the release, while a relay's {@code created} is often the day the relay added it;</li>
 *   <li>its name says it is not a chat model (embeddings, speech, images, moderation, rerank) → not ticked: an
 *       entry joins {@code auto}, where a chat request must never land on it;</li>
 *   <li>the listing dates it ({@code created} unix seconds, {@code created_at}) and the dates are believable →
 *       ticked when within {@code recent-months}. Dates are not believable when three or more models carry one
 *       and the same instant: relays stamp every model with their own start time;</li>
 *   <li>otherwise it is {@link Reason#NEW_TO_CATALOG new to this catalog} → ticked only when the listing dates
 *       none of its models. A bundled catalog is months old, so a chat model it does not know is most likely
 *       newer than it, which is what a person adding a relay wants; but when the upstream does date its models,
 *       an undated one is an odd one out and its dated neighbours already speak for what is recent.</li>
 * </ol>
 */
public final class Onboarding {
    /** Why saving is refused; see the class comment. */
    public enum Refusal { KEY_REJECTED, UNREACHABLE }

    /** Why a model is or is not pre-selected; see the class comment for the order. */
    public enum Reason { ALREADY_ADDED, CATALOG_RECENT, CATALOG_OLDER, NOT_FOR_CHAT, UPSTREAM_RECENT, UPSTREAM_OLDER,
        NEW_TO_CATALOG }

    /**
     * One listed model and whether it starts ticked.
     *
     * @param facts  the catalog's facts, null when the catalog does not know it
     * @param listed the upstream's own date for it, null when its list gives none or the dates are not believable
     */
    public record Pick(String model, ModelFacts facts, LocalDate listed, Reason reason, boolean ticked) {
    }

    /**
     * Whether a save goes ahead, and what stops it.
     *
     * @param refusal null when saving may go ahead
     * @param probe   the probe that shows the refusal (its host, its status), null when not refused
     */
    public record Verdict(Refusal refusal, Probe probe) {
        public boolean refused() {
            return refusal != null;
        }
    }

    private static final Pattern NOT_CHAT = Pattern.compile(
            "embed|tts|whisper|transcri|dall-?e|moderation|rerank|speech|audio-preview|image-\\d|imagen|"
                    + "gpt-image|stable-diffusion|sdxl|flux|midjourney|text-search|similarity|bge-|e5-");
    /** A listing date shared by this many models or more is the relay's stamp, not a creation date. */
    private static final int STAMPED = 3;

    private Onboarding() {
    }

    /**
     * The base URL to save.
     *
     * @param type      the detected type, null when nothing was detected
     * @param given     the URL as the person gave it
     * @param suggested detection's base (the cleaned given URL when nothing was detected)
     * @param keep      the person asked to keep theirs
     */
    public static String baseUrl(ApiType type, String given, String suggested, boolean keep) {
        var g = given == null ? "" : given.strip();
        if (keep || suggested == null || suggested.isBlank()) {
            return g;
        }
        if (type != null && Detector.sameEndpoint(type, g, suggested)) {
            return g; // the other spelling of the same endpoints: the person's is as good, and theirs
        }
        return suggested;
    }

    /** Whether {@link #baseUrl} changes the URL as given into something reaching other endpoints. */
    public static boolean corrects(ApiType type, String given, String suggested) {
        var g = given == null ? "" : given.strip();
        return !baseUrl(type, g, suggested, false).equals(g);
    }

    /** Whether saving is refused: {@code found} is whether any probe proved an API (a list or a chat endpoint). */
    public static Verdict verdict(boolean found, List<Probe> evidence) {
        if (found || evidence.isEmpty()) {
            return new Verdict(null, null);
        }
        Probe rejected = null;
        boolean answered = false;
        for (var p : evidence) {
            if (p.status() / 100 == 2) {
                return new Verdict(null, null); // something works: not refused
            }
            answered |= p.status() > 0;
            if (rejected == null && p.kind() == Probe.Kind.KEY_REJECTED) {
                rejected = p;
            }
        }
        if (rejected != null) {
            return new Verdict(Refusal.KEY_REJECTED, rejected);
        }
        if (!answered) {
            return new Verdict(Refusal.UNREACHABLE, unreachable(evidence));
        }
        return new Verdict(null, null);
    }

    /** The detection's verdict. */
    public static Verdict verdict(Detection d) {
        return verdict(d.found(), d.evidence());
    }

    /** A model list's verdict: listing any model is proof enough. */
    public static Verdict verdict(ModelDiscovery.Listing l) {
        return verdict(!l.models().isEmpty(), l.evidence());
    }

    /** The most telling failure: one that names a cause (TLS, unknown host) before a timeout. */
    private static Probe unreachable(List<Probe> evidence) {
        for (var kind : List.of(Probe.Kind.TLS, Probe.Kind.UNKNOWN_HOST, Probe.Kind.REFUSED, Probe.Kind.BROKEN)) {
            for (var p : evidence) {
                if (p.kind() == kind) {
                    return p;
                }
            }
        }
        return evidence.get(0);
    }

    /**
     * Every listed model in the listing's order, each with whether it starts ticked and why.
     *
     * @param created  the upstream's dates by model (absent where none)
     * @param existing models the channel already has as entries
     * @param months   the {@code recent-months} setting
     */
    public static List<Pick> picks(List<String> models, Map<String, Instant> created, Collection<String> existing,
                                   Catalog catalog, LocalDate today, int months) {
        var dates = believable(created);
        var have = new HashSet<>(existing);
        var out = new ArrayList<Pick>();
        for (var m : models) {
            var facts = catalog.lookup(m).orElse(null);
            var when = dates.contains(m) ? LocalDate.ofInstant(created.get(m), ZoneId.systemDefault()) : null;
            out.add(pick(m, facts, when, have.contains(m), !dates.isEmpty(), today, months));
        }
        return out;
    }

    /** As {@link #picks} for one model named by hand: naming it is choosing it, so it is always ticked. */
    public static Pick byHand(String model, Catalog catalog) {
        var facts = catalog.lookup(model).orElse(null);
        return new Pick(model, facts, null, facts == null ? Reason.NEW_TO_CATALOG : Reason.CATALOG_RECENT, true);
    }

    private static Pick pick(String m, ModelFacts facts, LocalDate listed, boolean added, boolean listingDated,
                             LocalDate today, int months) {
        if (added) {
            return new Pick(m, facts, listed, Reason.ALREADY_ADDED, true);
        }
        if (facts != null) {
            boolean recent = Catalog.recent(facts, today, months);
            return new Pick(m, facts, listed, recent ? Reason.CATALOG_RECENT : Reason.CATALOG_OLDER, recent);
        }
        if (NOT_CHAT.matcher(m.toLowerCase(Locale.ROOT)).find()) {
            return new Pick(m, null, listed, Reason.NOT_FOR_CHAT, false);
        }
        if (listed != null) {
            // as the catalog's rule: a date after today is recent (a wrong clock, not an old model)
            boolean recent = !listed.isBefore(today.minusMonths(months));
            return new Pick(m, null, listed, recent ? Reason.UPSTREAM_RECENT : Reason.UPSTREAM_OLDER, recent);
        }
        return new Pick(m, null, null, Reason.NEW_TO_CATALOG, !listingDated);
    }

    /** The models whose dates are believable: all dated ones, minus those sharing one instant with many others. */
    private static Set<String> believable(Map<String, Instant> created) {
        var count = new java.util.HashMap<Instant, Integer>();
        created.values().forEach(i -> count.merge(i, 1, Integer::sum));
        var out = new HashSet<String>();
        created.forEach((m, i) -> {
            if (count.get(i) < STAMPED) {
                out.add(m);
            }
        });
        return out;
    }

    /** The ticked models of {@code picks}, in order. */
    public static List<String> ticked(List<Pick> picks) {
        return picks.stream().filter(Pick::ticked).map(Pick::model).toList();
    }
}
