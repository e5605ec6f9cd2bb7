package dev.switchboard.upstream;

import dev.switchboard.upstream.UpstreamClient.UpstreamException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One upstream call, from the moment it is sent. It can be aborted at any time (client gone, a deadline passed)
 * and the upstream connection is then closed at once, so no tokens are paid for nothing: also while it connects
 * and while it waits for the response headers, which is why {@link UpstreamClient#send} hands the call out before
 * its headers arrive.
 *
 * <p>Three clocks bound it, each from the request's settings, so a changed setting applies to the next call:
 * the connect timeout (until the request is on a connection), the first-byte timeout (from the send to the
 * headers and, for a stream, to its first meaningful event) and Jetty's idle timeout (the longest silence while
 * the body streams). Each failure is told in plain words by {@link #describe(Throwable)}.
 */
public final class UpstreamCall implements AutoCloseable {
    private final Request request;
    private final InputStreamResponseListener listener;
    private final UpstreamRequest spec;
    private final Scheduler scheduler;
    private volatile boolean connected;
    private long sentNanos;
    private volatile Scheduler.Task deadline;
    private int status;
    private Map<String, String> headers = Map.of();

    UpstreamCall(Request request, InputStreamResponseListener listener, UpstreamRequest spec, Scheduler scheduler) {
        this.request = request;
        this.listener = listener;
        this.spec = spec;
        this.scheduler = scheduler;
    }

    /**
     * Starts the connect and first-byte clocks. Jetty's own connect timeout is per client, not per request, and
     * would make a changed {@code connect-timeout-seconds} wait for a restart; these read the request. No timer is
     * set for them: the thread that waits for the headers keeps both ({@link #awaitHeaders}).
     */
    void start() {
        sentNanos = System.nanoTime();
    }

    /** The request is on a connection: connecting (and any TLS handshake) is over. */
    void connected() {
        connected = true;
    }

    /**
     * Waits for the response headers, within the connect timeout until the request is on a connection and within
     * the first-byte timeout from the moment it was sent. The waiting thread is the clock, so a call costs no timer
     * unless it streams ({@link #armFirstEventDeadline}).
     *
     * @throws UpstreamException when no HTTP answer came: unreachable, refused, TLS failure, timeout, aborted
     */
    public UpstreamCall awaitHeaders() throws UpstreamException {
        long connectBy = sentNanos + spec.connectTimeout().toNanos();
        long firstByteBy = sentNanos + spec.firstByteTimeout().toNanos();
        try {
            while (true) {
                long until = connected ? firstByteBy : Math.min(connectBy, firstByteBy);
                try {
                    var response = listener.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    var h = new HashMap<String, String>();
                    response.getHeaders().forEach(f -> h.putIfAbsent(f.getLowerCaseName(), f.getValue()));
                    status = response.getStatus();
                    headers = h;
                    return this;
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    if (!connected && now - connectBy >= 0) {
                        throw timedOut(connectTimeoutMessage(), e);
                    }
                    if (now - firstByteBy >= 0) {
                        throw timedOut(firstByteMessage(), e);
                    }
                    // connected meanwhile: wait on for the first byte
                }
            }
        } catch (InterruptedException e) {
            abort(e);
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.CANCELLED, "interrupted", e);
        } catch (ExecutionException e) {
            throw UpstreamException.from(e.getCause() == null ? e : e.getCause(), spec.uri());
        }
    }

    private UpstreamException timedOut(String message, TimeoutException cause) {
        var timeout = new UpstreamTimeoutException(message);
        timeout.initCause(cause);
        abort(timeout);
        return new UpstreamException(UpstreamException.Kind.TIMEOUT, message, timeout);
    }

    private String connectTimeoutMessage() {
        return "could not connect to " + spec.uri().getHost() + " within "
                + seconds(spec.connectTimeout().toMillis()) + " (connect-timeout-seconds)";
    }

    private String firstByteMessage() {
        return "no answer from " + spec.uri().getHost() + " within " + seconds(spec.firstByteTimeout().toMillis())
                + " (first-byte-timeout-seconds)";
    }

    /**
     * For a stream whose headers came: aborts it unless {@link #disarm()} is called before the first-byte timeout
     * (counted from the send) is over, so the headers and the first meaningful event share one bound.
     */
    public void armFirstEventDeadline() {
        long left = (sentNanos + spec.firstByteTimeout().toNanos() - System.nanoTime()) / 1_000_000;
        armDeadline(Math.max(1, left), firstByteMessage());
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
        long declared = parseLength(header("content-length"));
        if (declared >= 0 && declared <= max) {
            // The usual case, a declared length: read into an array of that size, no growing buffer and no copy
            // (issue 14). More than declared is the upstream's fault; what was declared is what counts.
            var body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : java.util.Arrays.copyOf(body, read);
        }
        var out = new java.io.ByteArrayOutputStream(declared > max ? 8192 : 1024);
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

    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Aborts the call unless {@link #disarm()} is called within {@code millis}: bounds the wait for a stream's
     * first meaningful event (late commit) without a thread sleeping on it. Replaces the deadline armed before.
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
     * What went wrong with this call, in words a person (and a client's error message) can use: which deadline
     * passed and its setting, a reset or a connection closed early. Never Jetty's internals: its idle timeout
     * reads "java.util.concurrent.TimeoutException: Idle timeout expired: 2000/2000 ms", and an early EOF is a dump
     * of its connection state.
     */
    public String describe(Throwable failure) {
        var host = spec.uri().getHost();
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpstreamTimeoutException || t instanceof UpstreamException) {
                return t.getMessage();
            }
            if (t instanceof TimeoutException) {
                // The only timeout left is Jetty's idle timeout: the deadlines above abort with their own.
                return host + " sent nothing for " + seconds(spec.idleTimeout().toMillis())
                        + " (idle-timeout-seconds)";
            }
            if (t instanceof SocketException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
                return "the connection to " + host + " was reset";
            }
            if (t instanceof EOFException || t instanceof org.eclipse.jetty.io.EofException) {
                return "the connection to " + host + " closed early";
            }
        }
        var message = failure.getMessage();
        if (message == null || message.length() > 200 || message.contains("@")) {
            // A Jetty message with object ids in it (HttpConnectionOverHTTP@…) says nothing to a person.
            return "the connection to " + host + " failed (" + failure.getClass().getSimpleName() + ")";
        }
        return "the connection to " + host + " failed: " + message;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
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
