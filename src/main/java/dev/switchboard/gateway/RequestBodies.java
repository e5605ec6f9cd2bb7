package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;

/** Reads a client's request body, refusing one over the limit before reading it all. Public for the admin API. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null);
        }
    }

    /** What a refusal reads and throws away, so the connection can carry the client's next request. */
    private static final int DISCARD_LIMIT = 1024 * 1024;

    /**
     * Reads and drops the body of a request answered without it (a refusal). Left unread, the body makes Jetty
     * close the connection after the answer, and a client that already reused it for its next request sees a
     * broken pipe instead of an answer. A body over the limit is not read: the connection is closed, and says so.
     */
    public static void discard(Request request, org.eclipse.jetty.server.Response response) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared == 0) {
            return;
        }
        if (declared > DISCARD_LIMIT) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return;
        }
        try (var in = Content.Source.asInputStream(request)) {
            var buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > DISCARD_LIMIT) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    return;
                }
            }
        } catch (IOException e) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    /** The client's words for a body over {@code max} bytes (a whole number of MB): the limit, plainly. */
    static String overLimit(int max) {
        return "The request body is over the " + max / (1024 * 1024) + " MB limit. Send fewer or smaller images or"
                + " files in one request.";
    }

    public static byte[] read(Request request, int max) throws IOException {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > max) {
            throw new TooLarge();
        }
        try (var in = Content.Source.asInputStream(request)) {
            if (declared > 0) {
                // The usual case: a declared length within the limit is read straight into an array of that size,
                // with no growing buffer and no copy at the end (a per-request cost measured in issue 14). Jetty
                // ends the content at the declared length, so there can be no more.
                var body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                if (read < body.length) {
                    throw new EofException("Early EOF");
                }
                return body;
            }
            var out = new ByteArrayOutputStream(4096);
            var buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > max) {
                    throw new TooLarge();
                }
            }
            return out.toByteArray();
        } catch (TooLarge e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(unreadable(e), e);
        }
    }

    /**
     * Why a body could not be read, in words for the client, whose answer quotes this: Jetty's own ("Early EOF",
     * "400: Bad chunk size") say nothing to a person and are only for the log.
     */
    static String unreadable(Throwable e) {
        for (var t = e; t != null; t = t.getCause()) {
            // First: Jetty's early EOF is an HttpException too, and is also what a malformed chunk comes out as.
            if (t instanceof EofException) {
                return "it ended before it was complete (the connection closed, or the Content-Length or chunked"
                        + " encoding does not match what was sent).";
            }
            if (t instanceof HttpException) {
                return "its Content-Length or chunked encoding is not valid HTTP.";
            }
            if (t instanceof TimeoutException) {
                return "the rest of it did not arrive in time.";
            }
        }
        return "the connection failed while it arrived.";
    }
}
