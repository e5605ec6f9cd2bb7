package dev.switchboard.upstream;

import java.io.IOException;

/** The upstream did not answer (or did not send its first event) in time. */
public final class UpstreamTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public UpstreamTimeoutException(String message) {
        super(message);
    }
}
