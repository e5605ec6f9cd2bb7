package dev.switchboard.gateway;

import dev.switchboard.protocol.ApiError;
import dev.switchboard.routing.Resolution;
import dev.switchboard.store.LoggedOutcome;

/**
 * The answer to a request whose model resolved to nothing to try (DESIGN §2), for every route that resolves one:
 * the error in neutral terms (each client protocol writes it in its own shape) and the request log's outcome.
 *
 * <ul>
 *   <li>The name means entries, but none can serve now (switched off, its channel switched off or keyless, or
 *       disabled by the system): 503 {@code no_healthy_entry}, naming each entry and why. The name is right, so
 *       "not found" would send the person looking for a typo; 503, for a state Switchboard is in.</li>
 *   <li>The name means nothing (or an empty group, or a model a named channel lacks): 404
 *       {@code model_not_found}.</li>
 * </ul>
 */
record Unroutable(ApiError error, LoggedOutcome outcome) {

    static Unroutable of(Resolution resolution) {
        var message = resolution.explain();
        if (resolution.noneHealthy()) {
            return new Unroutable(new ApiError(503, "overloaded", message, "no_healthy_entry", null),
                    LoggedOutcome.NO_HEALTHY_ENTRY);
        }
        if (resolution.tier() == Resolution.Tier.NONE) { // only ever with the fallback off
            message = message.substring(0, message.length() - 1) + "; or turn fallback-to-auto on.";
        }
        return new Unroutable(new ApiError(404, "not_found", message, "model_not_found", null),
                LoggedOutcome.NO_CANDIDATE);
    }
}
