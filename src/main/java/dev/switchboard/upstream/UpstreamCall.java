package dev.switchboard.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A call whose response headers have arrived; its body is read as a stream, as it arrives. Abort it (client gone,
 * deadline passed) and the upstream connection is closed at once, so no tokens are paid for nothing.
 */
public final class UpstreamCall implements AutoCloseable {
    private final Request request;
    private final InputStreamResponseListener listener;
    private final int status;
    private final Map<String, String> headers;
    private final Scheduler scheduler;
    private volatile Scheduler.Task deadline;

    UpstreamCall(Request request, InputStreamResponseListener listener, int status, Map<String, String> headers,
                 Scheduler scheduler) {
        this.request = request;
        this.listener = listener;
        this.status = status;
        this.headers = headers;
        this.scheduler = scheduler;
    }

    public int status() {
        return status;
    }

    /** A response header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body as it arrives. Reads fail with an IOException once the call is aborted, or the body broke off. */
    public InputStream body() {
        return new FailingAsIo(listener.getInputStream());
    }

    /** Reads the whole body, refusing more than {@code max} bytes. */
    public byte[] readBody(int max) throws IOException {
        var in = body();
        var out = new java.io.ByteArrayOutputStream();
        var buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                abort(new IOException("response larger than " + max + " bytes"));
                throw new IOException("The upstream's response is larger than " + max / (1024 * 1024) + " MB.");
            }
        }
        return out.toByteArray();
    }

    /**
     * Aborts the call unless {@link #disarm()} is called within {@code millis}: bounds the wait for a stream's
     * first meaningful event (late commit) without a thread sleeping on it.
     */
    public void armDeadline(long millis, String why) {
        disarm();
        deadline = scheduler.schedule(() -> abort(new UpstreamTimeoutException(why)), millis, TimeUnit.MILLISECONDS);
    }

    public void disarm() {
        var d = deadline;
        if (d != null) {
            d.cancel();
            deadline = null;
        }
    }

    /** Closes the upstream connection now; pending and later reads fail. */
    public void abort(Throwable cause) {
        disarm();
        request.abort(cause);
    }

    /**
     * Jetty's stream rethrows a failure that is a RuntimeException as is (an {@code HttpResponseException} from a
     * protocol handler, a parser's bad-message exception): callers handle IOException, and anything else would
     * escape the gateway's handler as an internal error instead of a failed attempt.
     */
    private static final class FailingAsIo extends FilterInputStream {
        FailingAsIo(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        disarm();
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing after the body was consumed or the call aborted
        }
    }
}
