package dev.switchboard.routing;

import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;

/**
 * One entry a request may be sent to, with its channel and its health as they were when the request was
 * resolved: an attempt works on this, never on a later snapshot.
 */
public record Candidate(Entry entry, Channel channel, Health health) {
}
