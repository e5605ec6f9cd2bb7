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
    /**
     * Entries answer to the requested name, but none can serve now: the system disabled them (their key was
     * rejected), or they or their channels are switched off. Switchboard refused the request without trying an
     * upstream, and without sending it to another model.
     */
    NO_HEALTHY_ENTRY,
    /** Every candidate failed, or the attempts allowed ran out. */
    ALL_FAILED,
    /** The client had the first bytes when the stream broke off, stopped early or reported an error. */
    FAILED_MID_STREAM,
    /** The client went away. */
    CANCELLED,
    /**
     * Refused by the access guard before any endpoint saw it (DESIGN §6): a caller address, {@code Host} or browser
     * {@code Origin} that is not allowed, or a caller from another machine without a valid client access key.
     */
    REFUSED,
    /**
     * Refused by Switchboard itself before any upstream saw it: a body it could not read, too large, not JSON or
     * not valid for its protocol, or a request Jetty could not read at all (a malformed request line, header or
     * path, headers too large).
     */
    INVALID_REQUEST,
    /** Switchboard serves nothing at that path, or not with that method (404, 405): most often a wrong base URL. */
    NO_ROUTE,
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
