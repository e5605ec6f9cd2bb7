package dev.switchboard.gateway;

/** The gateway could not start or run; the message says why and what to do. */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
