package dev.switchboard.routing;

import dev.switchboard.store.LoggedOutcome;
import java.time.Duration;

/**
 * What one attempt came to (DESIGN §3). Classified once, by {@link OutcomeClassifier}; everything else (the
 * entry's health, whether the request moves on) follows from the kind alone.
 */
public sealed interface Outcome {

    /** How the attempt log keeps it. */
    LoggedOutcome logged();

    /** Why, in plain words, for the log and the client's error. */
    String reason();

    /** The upstream answered properly: clear the entry's cooldown, record its latency, the request is done. */
    record Success() implements Outcome {
        @Override
        public LoggedOutcome logged() {
            return LoggedOutcome.SUCCESS;
        }

        @Override
        public String reason() {
            return "ok";
        }
    }

    /**
     * Down, overloaded, rate-limited or silent for now: cool the entry down, try the next candidate.
     *
     * @param retryAfter how long the upstream asked us to wait, or null when it did not say
     */
    record Transient(String reason, Duration retryAfter) implements Outcome {
        @Override
        public LoggedOutcome logged() {
            return LoggedOutcome.TRANSIENT;
        }
    }

    /** The key is invalid, revoked or out of quota: the system disables the entry until the person re-enables it. */
    record Credential(String reason) implements Outcome {
        @Override
        public LoggedOutcome logged() {
            return LoggedOutcome.CREDENTIAL;
        }
    }

    /** The upstream does not serve this model (any more): cool the entry down, try the next candidate. */
    record MissingModel(String reason) implements Outcome {
        @Override
        public LoggedOutcome logged() {
            return LoggedOutcome.MISSING_MODEL;
        }
    }

    /** The request itself is wrong and would fail everywhere: return the upstream's answer to the client as is. */
    record ClientError(int status) implements Outcome {
        @Override
        public LoggedOutcome logged() {
            return LoggedOutcome.CLIENT_ERROR;
        }

        @Override
        public String reason() {
            return "HTTP " + status;
        }
    }
}
