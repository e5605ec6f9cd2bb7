package dev.switchboard.gateway;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Paths the gateway hands whole to a part that lives outside this package, which answers them with JSON: the admin
 * API ({@code gateway.admin}) is one, plugged in by whoever makes the gateway, so that this package does not depend
 * on it. The {@link Router} passes it every request it {@link #owns}, after the access guard, and writes its
 * {@link Answer}.
 */
public interface JsonRoutes {
    boolean owns(String path);

    /**
     * Answers one request it {@link #owns}. Headers that go with the answer ({@code Allow}, …) are set on
     * {@code response} here; the router writes the status and the body.
     */
    Answer answer(Request request, Response response);

    /** A status and the JSON body that goes with it. */
    record Answer(int status, Object body) {
    }
}
