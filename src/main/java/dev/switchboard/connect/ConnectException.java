package dev.switchboard.connect;

/**
 * An agent's configuration cannot be changed safely as it is (a file with comments Switchboard would lose, a
 * value of an unexpected type, no backup to undo from). Nothing has been written when it is thrown; the message
 * says what is wrong and what the person can do.
 */
public final class ConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectException(String message) {
        super(message);
    }

    public ConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
