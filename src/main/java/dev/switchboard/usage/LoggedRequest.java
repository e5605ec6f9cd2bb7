package dev.switchboard.usage;

import dev.switchboard.store.UsageRecord;

/** A request of the log with its row id (to keep a selection across reloads) and its attempts in order. */
public record LoggedRequest(long id, UsageRecord record) {
}
