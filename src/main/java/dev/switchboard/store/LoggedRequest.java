package dev.switchboard.store;

/** A request of the log with its row id (to keep a selection across reloads) and its attempts in order. */
public record LoggedRequest(long id, UsageRecord record) {
}
