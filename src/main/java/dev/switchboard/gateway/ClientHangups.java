package dev.switchboard.gateway;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Notices a client that hangs up while its request waits for an upstream (DESIGN §3: the upstream call is aborted
 * at once, no further candidate is tried).
 *
 * <p>Jetty does not: over HTTP/1.1 it reads nothing from a connection while a handler runs whose request body
 * was read, so a closed connection shows only at the next write, and while a request waits for an upstream's
 * first byte there is no write for up to the first-byte timeout (the upstream generating, and billing, all along).
 * Jetty's own fill interest cannot be borrowed for this: registering one blocks the connection's next request.
 *
 * <p>So this watches the connection's socket in a selector of its own (a channel may be registered with several
 * selectors). When the socket turns readable while its request is still being handled, {@code available()} tells
 * without reading what happened: nothing to read means the client closed (FIN) or reset the connection; bytes to
 * read mean the client sent something more (a pipelined request, which Jetty reads later) and the watch simply
 * ends. One thread serves every watch; each watch ends before its response does, so no key outlives its request
 * (a channel closed while still registered keeps its file descriptor until every selector lets it go).
 *
 * <p>A watch starts {@value #DELAY_MILLIS} ms after its request does: most answers come sooner (and then the
 * watch costs one timer set and cancelled, no selector wake-up), while a client that leaves a slower one is
 * noticed within that much of leaving, as the socket it closed is readable at once when the watch begins.
 */
final class ClientHangups extends AbstractLifeCycle {
    private static final System.Logger LOG = System.getLogger(ClientHangups.class.getName());

    /** A watch on one request's connection. Closing it stops watching; the hangup callback then never runs. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    static final long DELAY_MILLIS = 200;

    private static final Watch NONE = () -> {
    };

    private final ConcurrentLinkedQueue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("switchboard-hangups-timer", true);
    private volatile Selector selector;
    private Thread thread;

    @Override
    protected void doStart() throws Exception {
        timer.start();
        selector = Selector.open();
        thread = new Thread(this::run, "switchboard-hangups");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        timer.stop();
        var s = selector;
        selector = null;
        if (s != null) {
            s.wakeup();
            thread.join(5_000);
            s.close();
        }
    }

    /**
     * Watches the connection of {@code request} until the watch is closed; runs {@code onHangup} once, on the
     * watcher's thread, if the client hangs up first. A connection that is not a plain socket (a test's local
     * connector) is not watched: the request's failure listener is all there is.
     */
    Watch watch(Request request, Runnable onHangup) {
        var s = selector;
        if (s == null || !(request.getConnectionMetaData().getConnection().getEndPoint()
                instanceof SocketChannelEndPoint endPoint)) {
            return NONE;
        }
        var watch = new SocketWatch(endPoint.getChannel(), onHangup);
        watch.start = timer.schedule(watch::begin, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void run() {
        while (true) {
            var s = selector;
            if (s == null) {
                return;
            }
            try {
                Runnable change;
                while ((change = changes.poll()) != null) {
                    change.run();
                }
                s.select();
                for (var key : s.selectedKeys()) {
                    ((SocketWatch) key.attachment()).readable(key);
                }
                s.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (selector != null) {
                    LOG.log(System.Logger.Level.WARNING, "Watching clients for hang-ups failed: " + e.getMessage());
                }
            }
        }
    }

    private final class SocketWatch implements Watch {
        private final SocketChannel channel;
        private final Runnable onHangup;
        /** Touched on the watcher's thread only. */
        private SelectionKey key;
        private volatile boolean closed;
        /** Its request is still waiting after the delay: the watch is handed to the watcher's thread. */
        private volatile boolean begun;
        private volatile Scheduler.Task start;

        SocketWatch(SocketChannel channel, Runnable onHangup) {
            this.channel = channel;
            this.onHangup = onHangup;
        }

        void begin() {
            if (closed) {
                return;
            }
            begun = true;
            changes.add(this::register);
            var s = selector;
            if (s != null) {
                s.wakeup();
            }
        }

        void register() {
            if (closed) {
                return;
            }
            try {
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException e) {
                hungUp(); // closed before the watch began
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Cannot watch a client connection: " + e);
            }
        }

        void readable(SelectionKey selected) {
            int available;
            try {
                available = channel.socket().getInputStream().available();
            } catch (IOException | CancelledKeyException e) {
                available = 0; // closed or reset under us: gone all the same
            }
            cancel(selected);
            if (available == 0) {
                hungUp();
            }
        }

        private void hungUp() {
            if (!closed) {
                closed = true;
                onHangup.run();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            var task = start;
            if (task != null) {
                task.cancel();
            }
            if (!begun) {
                return; // answered before the watch began: nothing registered, nobody to wake
            }
            changes.add(() -> cancel(key));
            var s = selector;
            if (s != null) {
                s.wakeup();
            }
        }

        private void cancel(SelectionKey k) {
            if (k != null) {
                k.cancel();
            }
        }
    }
}
