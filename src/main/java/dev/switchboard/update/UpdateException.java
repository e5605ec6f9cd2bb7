package dev.switchboard.update;

/** An update step failed; the message says why in words a person can act on, and that nothing was changed. */
public final class UpdateException extends Exception {
    private static final long serialVersionUID = 1L;

    public UpdateException(String message) {
        super(message);
    }

    public UpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
