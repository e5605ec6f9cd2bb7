package dev.switchboard.discovery;

import java.time.Instant;

/**
 * One entry's speed test result.
 *
 * @param entry    the entry's {@code channel/model}
 * @param ttftMs   time to the first meaningful stream event (text, reasoning, a tool call or the finish), or null
 * @param totalMs  time to the end of the stream, or null when it did not end properly
 * @param outcome  {@code success}, or the failure's class (DESIGN §3): {@code transient}, {@code credential},
 *                 {@code missing_model}, {@code client_error}; or {@code timeout} when the test's time bound
 *                 passed first
 * @param message  the upstream's error, redacted (never a key); null on success
 */
public record SpeedResult(long entryId, String entry, String channel, boolean ok, Long ttftMs, Long totalMs,
                          String outcome, String message, Instant testedAt) {
}
