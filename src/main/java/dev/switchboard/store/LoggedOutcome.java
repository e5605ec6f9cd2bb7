package dev.switchboard.store;

import java.util.Locale;

/**
 * How a request, or one of its attempts, ended, as the request log keeps it (DESIGN §3): the gateway writes these,
 * the store filters and counts by them, the window and the admin API show them. The ids are what the database
 * holds and what the admin API and {@code --json} print.
 */
public enum LoggedOutcome {
    /** Answered; for an attempt, the upstream answered properly. */
    SUCCESS,
    /** An attempt met a failure that passes (down, overloaded, rate-limited, silent, cut short). */
    TRANSIENT,
    /** An attempt's key was rejected or out of quota: the entry is disabled by the system. */
    CREDENTIAL,
    /** An attempt's upstream does not serve the model. */
    MISSING_MODEL,
    /** The request itself was refused (by an upstream, or because it cannot be converted): it is the client's. */
    CLIENT_ERROR,
    /** Nothing answers to the requested name. */
    NO_CANDIDATE,
    /** Every candidate failed, or the attempts allowed ran out. */
    ALL_FAILED,
    /** The client had the first bytes when the stream broke off, stopped early or reported an error. */
    FAILED_MID_STREAM,
    /** The client went away. */
    CANCELLED,
    /** Written by a later version of Switchboard, read by this one: shown as is, counted as not a success. */
    UNKNOWN;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** As stored and printed: {@code success}, {@code failed_mid_stream}, … */
    public String id() {
        return id;
    }

    /** The outcome with this id; {@link #UNKNOWN} for one this version does not know. */
    public static LoggedOutcome of(String id) {
        for (var o : values()) {
            if (o.id.equals(id)) {
                return o;
            }
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return id;
    }
}
