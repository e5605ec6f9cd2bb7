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
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final Server server;
    private final ServerConnector connector;
    private final String bind;

    private Gateway(Server server, ServerConnector connector, String bind) {
        this.server = server;
        this.connector = connector;
        this.bind = bind;
    }

    /**
     * @param bind address to listen on
     * @param port port, or 0 for any free one (tests)
     */
    public static Gateway create(GatewayContext ctx, String bind, int port) {
        var pool = new QueuedThreadPool(200, 8);
        pool.setName("switchboard-http");
        pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        var server = new Server(pool);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        var connector = new ServerConnector(server, new TargetKeepingConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        // Every request passes the access guard (DESIGN §6) before any endpoint sees it.
        server.setHandler(new AccessGuard(ctx.live(), new Router(ctx)));
        // What Jetty refuses by itself (unparsable requests, ambiguous paths, a handler that threw) is JSON too.
        server.setErrorHandler(new JsonErrorHandler());
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
