package dev.switchboard.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Socks5Proxy;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends upstream calls over Jetty's {@link HttpClient}: HTTP/2 where the upstream offers it (ALPN), HTTP/1.1
 * otherwise. Calls without a proxy share one client and so its connection pools; each distinct outbound proxy
 * gets its own client, because Jetty's proxy configuration is per client.
 */
public final class UpstreamClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UpstreamClient.class.getName());
    private static final String DIRECT = "";

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final QueuedThreadPool executor;
    private boolean closed; // guarded by this

    private UpstreamClient() {
        executor = new QueuedThreadPool(200, 4);
        executor.setName("switchboard-upstream");
        executor.setDaemon(true);
        // As the gateway's pool (see Gateway): a burst's threads end within two idle periods of 5 s, not one thread
        // per minute (Jetty's default), so that weeks in the tray do not keep the busiest moment's threads (after a
        // 3,000-stream soak, 50 where 4 ran before; now back to 4 within 11 s). The test-only property shortens it.
        executor.setIdleTimeout(Integer.getInteger("switchboard.test.thread-idle-millis", 5_000));
        executor.setMaxEvictCount((200 - 4) / 2);
        // Started here, so the HTTP clients see it as someone else's (unmanaged) and do not stop it while their
        // selectors still run on it; close() stops it after them. Otherwise the pool gives up on threads still in
        // a selector and warns "Couldn't stop Thread" on every CLI run that probed a provider.
        try {
            executor.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the upstream thread pool: " + e.getMessage(), e);
        }
    }

    public static UpstreamClient create() {
        return new UpstreamClient();
    }

    /**
     * Makes the direct HTTP client now, on a pool thread, instead of on the first request. Starting it loads the
     * JDK's trust store (about 150 certificates parsed) and TLS setup: a noticeable share of start-up, which the
     * gateway need not wait for before it answers {@code /healthz} (issue 14). A request that comes first simply
     * makes it itself ({@link ConcurrentHashMap#computeIfAbsent} makes it once either way).
     */
    public void warmUp() {
        try {
            executor.execute(() -> {
                try {
                    synchronized (this) { // not after close(): a client made then would never be stopped
                        if (!closed) {
                            clientFor(DIRECT);
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Upstream client warm-up failed; the first request retries", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed already: nothing to warm
        }
    }

    /**
     * Sends the request and waits for the response headers (bounded by the request's connect and first-byte
     * timeouts).
     *
     * @throws UpstreamException when no HTTP answer came: unreachable, refused, TLS failure, timeout
     */
    public UpstreamCall open(UpstreamRequest r) throws UpstreamException {
        return send(r).awaitHeaders();
    }

    /**
     * Sends the request and returns at once: {@link UpstreamCall#awaitHeaders()} waits for the answer. A caller
     * that must be able to abort the call while it connects or waits (its client hung up) keeps it from here.
     */
    public UpstreamCall send(UpstreamRequest r) {
        var http = clientFor(r.proxy() == null ? DIRECT : r.proxy());
        var request = http.newRequest(r.uri())
                .method(r.method())
                .idleTimeout(r.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    // Jetty adds its own User-Agent unless one is given; relays behind Cloudflare reject some.
                    h.put(HttpHeader.USER_AGENT, "Switchboard");
                    r.headers().forEach(h::put);
                });
        if (r.body() != null) {
            var type = r.headers().getOrDefault("Content-Type", "application/json");
            request.body(new BytesRequestContent(type, r.body()));
        }
        var listener = new InputStreamResponseListener();
        var call = new UpstreamCall(request, listener, r, http.getScheduler());
        request.onRequestBegin(begun -> call.connected());
        call.start();
        request.send(listener);
        return call;
    }

    private HttpClient clientFor(String proxy) {
        return clients.computeIfAbsent(proxy, p -> {
            var connector = new ClientConnector();
            connector.setExecutor(executor);
            // Only an outer bound: each call's own connect deadline (UpstreamCall) applies the setting, which may
            // change while the gateway runs. Above the setting's largest value (300 s).
            connector.setConnectTimeout(java.time.Duration.ofSeconds(310));
            // A pooled connection idle for 30 s is closed. Long enough to reuse a warm connection across an agent's
            // turns (a new one to a distant provider costs a TCP and TLS handshake, 100-300 ms); shorter than the
            // 60 s idle limit common in front of providers and relays (AWS load balancers' default), so Switchboard
            // closes first rather than send a request on a connection the far end is dropping. While a call runs,
            // its own idle timeout (UpstreamRequest) applies; Jetty restores this one when the connection is
            // returned. HTTP/2 sessions take it from this connector too. The test-only property (see Gateway)
            // shortens it.
            connector.setIdleTimeout(java.time.Duration.ofMillis(
                    Long.getLong("switchboard.test.connection-idle-millis", 30_000)));
            var http2 = new HTTP2Client(connector);
            var transport = new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11,
                    new ClientConnectionFactoryOverHTTP2.HTTP2(http2));
            var client = new HttpClient(transport);
            client.setExecutor(executor);
            client.setFollowRedirects(false);
            // Keep what the client sent: compressed SSE would be buffered by the decoder.
            client.getContentDecoderFactories().clear();
            // HTTP/1.1 gives each open stream a connection of its own, and all of them may go to one upstream:
            // as many as the gateway can hold open at once (Gateway's pool), else the 257th stream would wait in
            // the queue for another to end.
            client.setMaxConnectionsPerDestination(1_200);
            client.setMaxRequestsQueuedPerDestination(4_096);
            // A destination (one per upstream origin) outlives its last connection. Dropped after 5 idle minutes,
            // those of deleted channels and of URLs probed once do not pile up over weeks; one is made again at
            // next use for the cost of a few objects.
            client.setDestinationIdleTimeout(300_000);
            if (!p.isEmpty()) {
                var uri = URI.create(p);
                var address = new Origin.Address(uri.getHost(), uri.getPort());
                var scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                client.getProxyConfiguration().addProxy(scheme.startsWith("socks")
                        ? new Socks5Proxy(address, false)
                        : new HttpProxy(address, scheme.equals("https")));
            }
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the HTTP client: " + e.getMessage(), e);
            }
            // An upstream's 401 is an answer to classify (a rejected key), not a challenge for Jetty to answer:
            // its handler turns a 401 without WWW-Authenticate (OpenAI and most relays send none) into a failure
            // that loses the upstream's error body. Jetty installs its handlers on start, so this comes after.
            client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
            return client;
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (var c : clients.values()) {
            try {
                c.stop();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Stopping an HTTP client failed", e);
            }
        }
        clients.clear();
        try {
            executor.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "Stopping the upstream thread pool failed", e);
        }
    }

    /** Why a call got no HTTP answer, in words a person understands. */
    public static final class UpstreamException extends IOException {
        private static final long serialVersionUID = 1L;

        public enum Kind { UNREACHABLE, REFUSED, TLS, TIMEOUT, RESET, CANCELLED }

        private final Kind kind;

        UpstreamException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        static UpstreamException from(Throwable t, URI uri) {
            var host = uri.getHost();
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new UpstreamException(Kind.UNREACHABLE, "cannot resolve host " + host, t);
            }
            if (t instanceof ConnectException) {
                return new UpstreamException(Kind.REFUSED, "connection to " + host + " refused", t);
            }
            if (t instanceof SSLException) {
                return new UpstreamException(Kind.TLS, "TLS handshake with " + host + " failed: " + t.getMessage(), t);
            }
            if (t instanceof UpstreamTimeoutException) {
                return new UpstreamException(Kind.TIMEOUT, t.getMessage(), t);
            }
            if (t instanceof TimeoutException) {
                return new UpstreamException(Kind.TIMEOUT, "timed out talking to " + host, t);
            }
            if (t instanceof java.io.EOFException || t instanceof org.eclipse.jetty.io.EofException) {
                // Jetty's message here is a dump of its connection's state: what happened is simply this.
                return new UpstreamException(Kind.RESET, "the connection to " + host + " closed before an answer", t);
            }
            var message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("reset")) {
                return new UpstreamException(Kind.RESET, "the connection to " + host + " was reset", t);
            }
            return new UpstreamException(Kind.RESET, "connection to " + host + " failed: "
                    + (message == null || message.contains("@") ? t.getClass().getSimpleName() : message), t);
        }
    }
}
