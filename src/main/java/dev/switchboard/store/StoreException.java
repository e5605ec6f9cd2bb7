package dev.switchboard.store;

/**
 * A store operation that could not be done, with a message written for the person (what was wrong, what to
 * do). The kind lets callers map it to an exit code or an HTTP status without parsing the message; the one subclass,
 * {@link ChannelPatch.NoSuchKey}, also carries what was wrong, for the surfaces that word it themselves.
 */
public sealed class StoreException extends RuntimeException permits ChannelPatch.NoSuchKey {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The named channel, entry, group or setting does not exist. */
        NOT_FOUND,
        /** The change would break a rule: duplicate name, deleting {@code auto}, … */
        CONFLICT,
        /** The input is malformed: bad URL, bad setting value, … */
        INVALID,
        /** The database itself cannot be used: read-only, newer schema, I/O failure. */
        UNAVAILABLE
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static StoreException notFound(String message) {
        return new StoreException(Kind.NOT_FOUND, message);
    }

    static StoreException conflict(String message) {
        return new StoreException(Kind.CONFLICT, message);
    }

    static StoreException invalid(String message) {
        return new StoreException(Kind.INVALID, message);
    }
}
