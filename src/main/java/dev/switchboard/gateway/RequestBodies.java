package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads a client's request body, refusing one over the limit before reading it all. */
final class RequestBodies {
    private RequestBodies() {
    }

    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null);
        }
    }

    static byte[] read(Request request, int max) throws IOException {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > max) {
            throw new TooLarge();
        }
        var out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
        try (var in = Content.Source.asInputStream(request)) {
            var buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > max) {
                    throw new TooLarge();
                }
            }
        }
        return out.toByteArray();
    }
}
