package dev.switchboard.store;

import java.time.Instant;

/**
 * One routable model on one channel (DESIGN §1).
 *
 * @param model the upstream model name, sent upstream as is
 * @param alias an optional display name a client may also ask for, or null
 * @param enabled the person's own switch; the system never turns it on
 */
public record Entry(
        long id, long channelId, String channelName, String model, String alias, boolean enabled, Instant createdAt) {

    /** The name clients use: the alias when there is one, else the model. */
    public String displayName() {
        return alias != null ? alias : model;
    }

    /** {@code channel/model}: the unambiguous reference the CLI and clients may use. */
    public String ref() {
        return channelName + "/" + model;
    }
}
