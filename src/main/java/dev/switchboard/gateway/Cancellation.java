package dev.switchboard.gateway;

import dev.switchboard.upstream.UpstreamCall;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client request's way to stop its upstream call when the client goes away (DESIGN §3): the call in flight is
 * aborted at once, so no tokens are paid for nothing, and no other call is made for a client that has gone. Told
 * from Jetty's threads (a failed write, a reset stream) and from {@link ClientHangups}' watch.
 */
final class Cancellation {
    private final AtomicReference<UpstreamCall> current = new AtomicReference<>();
    private volatile Throwable cause;

    /** The client is gone: abort the call in flight, if any. The first reason stays. */
    void cancel(Throwable why) {
        if (cause == null) {
            cause = why;
        }
        var call = current.get();
        if (call != null) {
            call.abort(why);
        }
    }

    boolean cancelled() {
        return cause != null;
    }

    /** Why the client is gone, or null. */
    Throwable cause() {
        return cause;
    }

    /** {@code call} is now the one to abort; aborted at once if the client already left. */
    void follow(UpstreamCall call) {
        current.set(call);
        var why = cause;
        if (why != null) {
            call.abort(why);
        }
    }

    /** The call is over: nothing to abort any more. */
    void release() {
        current.set(null);
    }
}
