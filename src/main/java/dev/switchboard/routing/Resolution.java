package dev.switchboard.routing;

import java.util.List;

/**
 * What a requested model name resolved to (DESIGN §2).
 *
 * @param requested  the name as resolved: trimmed, and {@code auto} when the client sent none
 * @param tier       the tier that matched; {@link Tier#NONE} when nothing can serve the name
 * @param candidates the entries to try, in order; empty exactly when the tier is {@code NONE}
 * @param sidelined   entries that matched (in any tier tried) but were left out because the system disabled them
 *                    (a rejected key): with no candidates, it tells "nothing healthy" from "nothing by that name",
 *                    which the request log and the client's message keep apart
 */
public record Resolution(String requested, Tier tier, List<Candidate> candidates, int sidelined) {

    /** The tiers of DESIGN §2, in the order they are tried. */
    public enum Tier {
        GROUP,
        CHANNEL_QUALIFIED,
        EXACT,
        FUZZY,
        FALLBACK,
        /** Nothing matched and fallback to {@code auto} is off, or nothing routable was left: 404 model_not_found. */
        NONE
    }

    public Resolution {
        candidates = List.copyOf(candidates);
    }

    public Resolution(String requested, Tier tier, List<Candidate> candidates) {
        this(requested, tier, candidates, 0);
    }

    /** Nothing to try, though entries answer to the name: the system disabled every one of them. */
    public boolean noneHealthy() {
        return candidates.isEmpty() && sidelined > 0;
    }
}
