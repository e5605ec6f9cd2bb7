package dev.switchboard.store;

import java.time.Instant;

/**
 * The system's view of an entry (DESIGN §3), persisted so a restart keeps it.
 *
 * @param cooldownUntil when the entry may be tried first again, or null
 * @param disabledReason non-null when the system disabled the entry (credential failure); only the person
 *                       clears it
 */
public record Health(
        long entryId,
        Instant cooldownUntil,
        String disabledReason,
        int consecutiveFailures,
        Long lastLatencyMs,
        String lastError) {

    public static Health fresh(long entryId) {
        return new Health(entryId, null, null, 0, null, null);
    }

    public boolean coolingAt(Instant now) {
        return cooldownUntil != null && cooldownUntil.isAfter(now);
    }

    public boolean systemDisabled() {
        return disabledReason != null;
    }
}
