package dev.switchboard.gateway;

import java.io.IOException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server clients talk to. Handlers block freely: on Java 21+ they run on virtual threads, on
 * Java 17 on Jetty's pool.
 *
 * <p><b>Idle resources go back.</b> Switchboard lives in the tray for weeks and its traffic comes in bursts (an
 * agent's turn, a speed test, a script's batch). Once a burst is over, the pool's extra threads end within two
 * idle periods of {@value #THREAD_IDLE_MILLIS} ms and keep-alive connections close after {@value
 * #CONNECTION_IDLE_MILLIS} ms without traffic, so a quiet gateway is back at its baseline: {@value #MIN_THREADS} pool
 * threads and no connections. The upstream client does the same on its side ({@code UpstreamClient}).
 *
 * <p>Tests only: the system properties {@value #THREAD_IDLE_PROPERTY} and {@value #CONNECTION_IDLE_PROPERTY}
 * (milliseconds), read when a gateway or upstream client is made, shorten these periods so that a test can watch
 * a soak's resources go back without waiting half a minute. They are not a setting; nothing else sets them.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
    static final String THREAD_IDLE_PROPERTY = "switchboard.test.thread-idle-millis";
    static final String CONNECTION_IDLE_PROPERTY = "switchboard.test.connection-idle-millis";
    /**
     * On Java 17 every open stream holds one pool thread for its length (its handler blocks on the upstream), so
     * the pool's ceiling is the number of streams open at once: Jetty's default of 200 queued the 201st stream until
     * another ended (the benchmark saw 198 of 1,000 open). 1,000 open streams at once is the target (issue 14); a
     * thread a stream costs about 50 KB of touched stack, and a burst's threads end seconds after it (below). On
     * Java 21+ handlers run on virtual threads and this bounds only Jetty's own work.
     */
    static final int MAX_THREADS = 1_200;
    static final int MIN_THREADS = 8;
    /**
     * How long a pool thread waits for work before it ends. With Jetty's default, 60 s and one thread ended per
     * period, a 3,000-stream soak (150 at a time) left 155 threads in this pool where 8 ran before, all still there
     * 90 s later: at one a minute they would take two and a half hours to go. 5 s still lets the requests of one
     * conversation, seconds apart, reuse warm threads, while each thread's stack is given back seconds after a
     * burst (the same soak: back to 8 within 11 s); starting a thread again costs well under a millisecond.
     */
    static final int THREAD_IDLE_MILLIS = 5_000;
    /**
     * How long a client's keep-alive connection may sit idle before the gateway closes it. Clients' own pools close
     * theirs sooner (Python's httpx after 5 s, Node's undici after 4 s) or retry a request on a connection they find
     * closed (OkHttp, the JDK's client), and connecting again over loopback costs well under a millisecond: 30 s
     * (Jetty's default, now said out loud) lets the turns of one conversation share a connection and frees a burst's
     * connections, their buffers and selector keys half a minute after it. It also bounds how long a client that
     * stopped reading holds a write; a long wait for an upstream's first byte is not bound by it ({@code
     * ProxyHandler} ignores idle timeouts while it waits).
     */
    static final int CONNECTION_IDLE_MILLIS = 30_000;

    private final Server server;
    private final ServerConnector connector;
    private final String bind;

    private Gateway(Server server, ServerConnector connector, String bind) {
        this.server = server;
        this.connector = connector;
        this.bind = bind;
    }

    /**
     * @param admin the admin API ({@code gateway.admin.AdminApi}), given by the caller so that this package does not
     *              depend on it
     * @param bind  address to listen on
     * @param port  port, or 0 for any free one (tests)
     */
    public static Gateway create(GatewayContext ctx, JsonRoutes admin, String bind, int port) {
        var pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        pool.setName("switchboard-http");
        pool.setIdleTimeout(Integer.getInteger(THREAD_IDLE_PROPERTY, THREAD_IDLE_MILLIS));
        // Jetty ends one idle thread per idle period by default. Half the pool's range per period lets the largest
        // burst's threads go within two periods, and a burst that comes back seconds later still finds half of them.
        pool.setMaxEvictCount((MAX_THREADS - MIN_THREADS) / 2);
        pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        var server = new Server(pool);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(EncodedSlashes.COMPLIANCE); // a '/' encoded in a model id is read, nowhere else
        var connector = new ServerConnector(server, new TargetKeepingConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(Integer.getInteger(CONNECTION_IDLE_PROPERTY, CONNECTION_IDLE_MILLIS));
        server.addConnector(connector);
        // Started and stopped with the server: it watches waiting requests' connections for hang-ups.
        var hangups = new ClientHangups();
        server.addBean(hangups);
        // Every request passes the access guard (DESIGN §6) before any endpoint sees it; an encoded '/' outside a
        // model id is refused before that, as Jetty refuses it.
        var refusals = Refusals.of(ctx);
        server.setHandler(new EncodedSlashes(new AccessGuard(ctx.live(), refusals, admin::owns,
                new Router(ctx, admin, hangups))));
        // What Jetty refuses by itself (unparsable requests, ambiguous paths, a handler that threw) is JSON too.
        server.setErrorHandler(new JsonErrorHandler(refusals));
        server.setStopAtShutdown(false); // Main's shutdown hook stops the gateway, then checkpoints the database
        return new Gateway(server, connector, bind);
    }

    /** Starts listening; a busy port or unusable address becomes a {@link GatewayException} that says what to do. */
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            var port = connector.getPort();
            var reason = rootMessage(e);
            if (reason.contains("in use")) {
                throw new GatewayException("Cannot listen on " + bind + ":" + port + ": the port is in use (is another"
                        + " Switchboard running?). Stop that program, or choose another port: `switchboard settings"
                        + " set port " + (port + 1) + "` or --port.", e);
            }
            throw new GatewayException("Cannot listen on " + bind + ":" + port + ": " + reason
                    + ". Check the `bind` setting: it must be an address of this machine.", e);
        } catch (Exception e) {
            stopQuietly();
            throw new GatewayException("Cannot start the gateway: " + e.getMessage(), e);
        }
    }

    /** The innermost cause's message: Jetty wraps the BindException that says "Address already in use". */
    private static String rootMessage(Throwable e) {
        var message = String.valueOf(e.getMessage());
        for (var t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /** The port actually listened on (differs from the configured one when that was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Client connections open now, idle keep-alive ones included. */
    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    public String bind() {
        return bind;
    }

    /** The base URL a client on this machine uses, e.g. {@code http://127.0.0.1:9090}. */
    public String baseUrl() {
        var host = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("0:0:0:0:0:0:0:0") ? "127.0.0.1" : bind;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Stopping the gateway failed: " + e.getMessage());
        }
    }
}
