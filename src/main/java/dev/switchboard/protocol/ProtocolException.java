package dev.switchboard.protocol;

/**
 * A client request that cannot be understood in its protocol: answered with 400 in that protocol's error shape,
 * never sent upstream.
 *
 * @see ClientCodec#decodeRequest
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String param;

    public ProtocolException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
