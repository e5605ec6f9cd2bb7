package dev.switchboard.routing;

import dev.switchboard.store.Health;
import dev.switchboard.store.Settings;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One request's way through its candidates (DESIGN §3), as a policy with no HTTP in it: which entry and which of
 * its channel's keys is tried next, when a request stops, what an outcome does to the entry's health and to the
 * key, and what the client is told when nothing answered. The caller makes each try ({@link Attempt}); this
 * decides everything that follows from it:
 * <ul>
 *   <li>candidates in resolution order, each with its channel's keys in {@link KeyRing} order;</li>
 *   <li>a key the upstream rejected (a credential outcome) or rate-limited (429) is set aside for the cooldown,
 *       and the channel's next key is tried before the entry is marked: the entry's health is only recorded once
 *       every key has had its turn;</li>
 *   <li>at most {@code max-attempts} tries in all;</li>
 *   <li>an answer (or the upstream's refusal of the request itself, which would fail everywhere) ends the
 *       request; a client that went away ends it too, holding nothing against the entry;</li>
 *   <li>when nothing answered: 429 if every failure was a rate limit (the client should wait, not give up), 502
 *       otherwise, with each entry's reason and what that failure made of it (cooling down until when, or disabled
 *       by the system), and the entries the name means that were not tried because they cannot serve now
 *       ({@link Resolution#held()}): the client learns why each one did not answer, and when to ask again.</li>
 * </ul>
 * One instance per request, used from the request's thread.
 */
public final class Failover {

    /** One try: a candidate with the index of one of its channel's keys. */
    public record Try(Candidate candidate, int keyIndex) {
    }

    /** Makes one try; whatever it did is reported back as a {@link Step}. */
    @FunctionalInterface
    public interface Attempt<T> {
        Step<T> attempt(Try t);
    }

    /** What one try came to, as far as the policy needs it. */
    public sealed interface Step<T> {
        /**
         * The upstream answered, and the request is done: with an answer for the client ({@link Outcome.Success},
         * {@code latencyMs} its time to the first meaningful byte) or with a refusal of the request itself that
         * the client gets as is ({@link Outcome.ClientError}, the entry unchanged).
         */
        record Answered<T>(T answer, Outcome outcome, Long latencyMs) implements Step<T> {
            public Answered {
                Objects.requireNonNull(outcome, "outcome");
                if (!(outcome instanceof Outcome.Success) && !(outcome instanceof Outcome.ClientError)) {
                    throw new IllegalArgumentException("an answer is a success or a client error: " + outcome);
                }
            }
        }

        /** This try failed; {@code status} is the HTTP status, 0 when no HTTP answer came. */
        record Failed<T>(Outcome outcome, int status) implements Step<T> {
        }

        /** The client went away during this try. */
        record Cancelled<T>() implements Step<T> {
        }
    }

    /** How the request ended. */
    public sealed interface Verdict<T> {
        /** {@code by} answered; for a success, its entry's health and key are already recorded. */
        record Answered<T>(Try by, T answer) implements Verdict<T> {
        }

        /** The client went away: no further candidate was tried. */
        record ClientLeft<T>() implements Verdict<T> {
        }

        /** Nothing answered: {@code status} for the client (429 or 502) and why, naming each entry's failure. */
        record Exhausted<T>(int status, String message) implements Verdict<T> {
            public boolean rateLimited() {
                return status == 429;
            }
        }
    }

    private final String requested;
    private final List<Candidate> candidates;
    private final List<Resolution.Held> held;
    private final Settings settings;
    private final KeyRing keys;
    private final HealthTracker health;

    private Failover(String requested, List<Candidate> candidates, List<Resolution.Held> held, Settings settings,
                     KeyRing keys, HealthTracker health) {
        this.requested = requested;
        this.candidates = List.copyOf(candidates);
        this.held = List.copyOf(held);
        this.settings = settings;
        this.keys = keys;
        this.health = health;
    }

    /**
     * @param requested the model name the client asked for, for the message when nothing answered
     * @param settings  the settings of the snapshot the request was resolved in (attempt bound, cooldown)
     */
    public static Failover create(String requested, Resolution resolution, Settings settings, KeyRing keys,
                                  HealthTracker health) {
        return new Failover(requested, resolution.candidates(), resolution.held(), settings, keys, health);
    }

    /** Tries the candidates until one answers, the client leaves, or they (or the attempts allowed) run out. */
    public <T> Verdict<T> run(Attempt<T> attempt) {
        int max = settings.maxAttempts();
        int tries = 0;
        var failures = new ArrayList<String>();
        boolean all429 = true;
        boolean untried = false;
        for (var candidate : candidates) {
            if (tries >= max) {
                untried = true;
                break;
            }
            var channel = candidate.channel();
            var order = keys.order(channel);
            for (int k = 0; k < order.size() && tries < max; k++) {
                var t = new Try(candidate, order.get(k));
                tries++;
                var step = attempt.attempt(t);
                if (step instanceof Step.Answered<T> answered) {
                    if (answered.outcome() instanceof Outcome.Success) {
                        keys.succeeded(channel, t.keyIndex());
                        health.record(candidate, answered.outcome(), answered.latencyMs(), settings);
                    }
                    return new Verdict.Answered<>(t, answered.answer());
                }
                if (step instanceof Step.Cancelled<T>) {
                    return new Verdict.ClientLeft<>();
                }
                var failed = (Step.Failed<T>) step;
                var outcome = failed.outcome();
                all429 &= failed.status() == 429;
                var failure = candidate.entry().ref() + " → " + outcome.reason();
                boolean rotate = k + 1 < order.size()
                        && (outcome instanceof Outcome.Credential || failed.status() == 429);
                if (rotate) {
                    keys.rest(channel, t.keyIndex(), settings.cooldown());
                    failures.add(failure);
                    continue;
                }
                health.record(candidate, outcome, null, settings);
                failures.add(failure + state(health.current(candidate.entry().id())));
                break;
            }
        }
        return exhausted(failures, all429, untried, tries);
    }

    /**
     * A stream that the client was already reading broke off (no failover after the first byte, DESIGN §3): the
     * entry cools down like after any transient failure.
     */
    public void brokeOff(Try t, String reason) {
        health.record(t.candidate(), new Outcome.Transient(reason, null), null, settings);
    }

    /** What a failure made of the entry, for the client: when it may be asked again, or that it may not. */
    private static String state(Health after) {
        if (after.systemDisabled()) {
            return " (now disabled by the system)";
        }
        // Seconds are enough for a person, and what a client waiting for the cooldown needs.
        return after.cooldownUntil() == null ? ""
                : " (cooling down until " + after.cooldownUntil().truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    private <T> Verdict<T> exhausted(List<String> failures, boolean all429, boolean untried, int tries) {
        var message = new StringBuilder();
        if (failures.isEmpty()) {
            message.append("No attempt could be made for '").append(requested).append("'.");
        } else {
            // "Every candidate" would blame entries that the max-attempts bound left untried.
            message.append(untried
                            ? "The " + tries + " attempts allowed (max-attempts) for '"
                            : "Every candidate for '")
                    .append(requested).append("' failed: ")
                    .append(String.join("; ", failures)).append(".");
        }
        if (!held.isEmpty()) {
            message.append(" Not tried: ")
                    .append(held.stream().map(Resolution.Held::describe).collect(Collectors.joining("; ")))
                    .append(".");
        }
        if (!failures.isEmpty()) {
            message.append(" See the request log for details.");
        }
        return new Verdict.Exhausted<>(all429 && !failures.isEmpty() ? 429 : 502, message.toString());
    }
}
