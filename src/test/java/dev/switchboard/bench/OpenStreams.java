package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Many streams open at once through the gateway: {@code n} Chat streaming requests that the mock holds open for a
 * few seconds each, with an event every 200 ms. What counts is whether every one of them arrives whole (no
 * errors), how many were open at the same time, and what the gateway's memory does meanwhile.
 *
 * <p>The client is one selector thread with non-blocking sockets: a thread per stream would put a thousand threads
 * in this JVM, and Java 17 has no virtual threads, so the client would be what is measured. One thread reads a
 * thousand sockets that each get an event five times a second without breaking a sweat. It speaks just enough
 * HTTP/1.1: a status line, Content-Length or chunked bodies, and SSE events split on a blank line.
 *
 * <p>Connections are opened with at most {@link #CONNECTING} connects under way at a time: a thousand SYNs at once
 * overflow a listen backlog (the JDK's default is 50) and the kernel retries the dropped ones a second later, which
 * would measure the backlog rather than holding the streams. Opening still takes well under a second.
 */
final class OpenStreams {
    /** Connects under way at once. */
    static final int CONNECTING = 64;

    /** The marker the mock looks for to hold a stream open (see {@link Bench.MockUpstream}). */
    static final String HOLD_MARK = "Hold the line.";

    static final byte[] HOLD_REQUEST = ("{\"model\":\"" + Bench.MODEL + "\",\"stream\":true,\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"" + HOLD_MARK + "\"}]}").getBytes(StandardCharsets.UTF_8);

    /**
     * What happened: streams that came whole, failed ones (with the first reason), the most that had answered and
     * were not finished at one time (client side), every event's delay, the gateway's peak RSS and the wall time.
     */
    record Result(int streams, int completed, int errors, String firstError, int peakOpen, long[] delays,
                  long rssPeakKb, double seconds) {
    }

    private OpenStreams() {
    }

    /**
     * Opens {@code n} streams to {@code port}, each expected to deliver {@code events} stamped events and then
     * {@code [DONE]}. {@code rss} (the gateway's, in kB) is read every 50 ms or so while they run. Gives up on
     * streams that are not finished within {@code timeoutNanos}, counting each as an error.
     */
    static Result run(int port, int n, int events, long timeoutNanos, java.util.function.LongSupplier rss)
            throws IOException {
        var request = request(port);
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        var delays = new Bench.Samples();
        var conns = new ArrayList<Conn>(n);
        long rssPeak = rss.getAsLong();
        int completed = 0;
        int errors = 0;
        int open = 0;
        int peakOpen = 0;
        String firstError = null;
        long t0 = System.nanoTime();
        long deadline = t0 + timeoutNanos;
        long nextSample = t0;
        var buffer = ByteBuffer.allocateDirect(64 * 1024);
        try (var selector = Selector.open()) {
            int launched = 0;
            int connecting = 0;
            int finished = 0;
            while (finished < n) {
                while (launched < n && connecting < CONNECTING) {
                    var conn = new Conn(request, events);
                    conns.add(conn);
                    launched++;
                    try {
                        conn.channel = SocketChannel.open();
                        conn.channel.configureBlocking(false);
                        conn.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        if (conn.channel.connect(address)) {
                            conn.channel.register(selector, SelectionKey.OP_WRITE, conn);
                        } else {
                            conn.channel.register(selector, SelectionKey.OP_CONNECT, conn);
                            conn.connecting = true;
                            connecting++;
                        }
                    } catch (IOException e) {
                        conn.fail("connect: " + e);
                    }
                    if (conn.failure != null) {
                        closeQuietly(conn.channel);
                        finished++;
                        errors++;
                        firstError = firstError == null ? conn.failure : firstError;
                    }
                }
                selector.select(50);
                long now = System.nanoTime();
                for (var key : selector.selectedKeys()) {
                    var conn = (Conn) key.attachment();
                    boolean wasOpen = conn.status == 200 && !conn.done && conn.failure == null;
                    try {
                        if (key.isConnectable()) {
                            conn.connecting = false;
                            connecting--;
                            conn.channel.finishConnect();
                            key.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (key.isValid() && key.isWritable()) {
                            conn.channel.write(conn.out);
                            if (!conn.out.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable()) {
                            buffer.clear();
                            int read = conn.channel.read(buffer);
                            long received = System.nanoTime();
                            if (read < 0) {
                                conn.eof();
                            } else {
                                buffer.flip();
                                conn.feed(buffer, received, delays);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        if (conn.connecting) {
                            conn.connecting = false;
                            connecting--;
                        }
                        conn.fail(e.toString());
                    }
                    boolean isOpen = conn.status == 200 && !conn.done && conn.failure == null;
                    open += (isOpen ? 1 : 0) - (wasOpen ? 1 : 0);
                    peakOpen = Math.max(peakOpen, open);
                    if (conn.done || conn.failure != null) {
                        key.cancel();
                        closeQuietly(conn.channel);
                        finished++;
                        if (conn.failure != null) {
                            errors++;
                            firstError = firstError == null ? conn.failure : firstError;
                        } else {
                            completed++;
                        }
                    }
                }
                selector.selectedKeys().clear();
                if (now >= nextSample) {
                    rssPeak = Math.max(rssPeak, rss.getAsLong());
                    nextSample = now + TimeUnit.MILLISECONDS.toNanos(50);
                }
                if (now > deadline) {
                    for (var conn : conns) {
                        if (!conn.done && conn.failure == null) {
                            conn.fail("not finished within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s ("
                                    + conn.events + " of " + events + " events)");
                            closeQuietly(conn.channel);
                            errors++;
                            firstError = firstError == null ? conn.failure : firstError;
                        }
                    }
                    errors += n - launched; // never launched: the deadline came first
                    break;
                }
            }
        } finally {
            for (var conn : conns) {
                closeQuietly(conn.channel);
            }
        }
        return new Result(n, completed, errors, firstError, peakOpen, delays.sorted(), rssPeak,
                (System.nanoTime() - t0) / 1e9);
    }

    private static byte[] request(int port) {
        var head = ("POST " + Bench.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Bearer bench\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                + "Content-Length: " + HOLD_REQUEST.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        var all = new byte[head.length + HOLD_REQUEST.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(HOLD_REQUEST, 0, all, head.length, HOLD_REQUEST.length);
        return all;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that is left to do with it
            }
        }
    }

    /** One stream's connection and where its incremental parse stands. */
    private static final class Conn {
        private enum State { HEAD, SIZE, DATA, DATA_END, BODY, DONE }

        final ByteBuffer out;
        final int expected;
        SocketChannel channel;
        /** When the connect began: a stream cut off says how long it had waited, the clue to a timeout. */
        final long opened = System.nanoTime();
        boolean connecting;
        int status;
        int events;
        boolean sawDone;
        boolean done;
        String failure;
        private State state = State.HEAD;
        private final StringBuilder line = new StringBuilder();
        private final StringBuilder head = new StringBuilder();
        private final StringBuilder sse = new StringBuilder();
        private boolean chunked;
        private long left = -1; // bytes of the current chunk, or of a Content-Length body

        Conn(byte[] request, int expected) {
            this.out = ByteBuffer.wrap(request);
            this.expected = expected;
        }

        void fail(String why) {
            if (failure == null && !done) {
                failure = why;
            }
        }

        void eof() {
            if (state == State.BODY && !chunked && left < 0) {
                finish(); // a body delimited by the close
            } else if (!done) {
                fail(String.format(Locale.ROOT, "closed by the server %.1f s after the connect, %s", (System.nanoTime()
                        - opened) / 1e9, status == 0 ? "before any response" : "after " + events + " of " + expected
                        + " events"));
            }
        }

        void feed(ByteBuffer bytes, long received, Bench.Samples delays) {
            while (bytes.hasRemaining() && failure == null && !done) {
                switch (state) {
                    case HEAD -> {
                        char c = (char) (bytes.get() & 0xff);
                        head.append(c);
                        int len = head.length();
                        if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                                && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                            headers();
                        } else if (len > 16384) {
                            fail("a response head over 16 KiB");
                        }
                    }
                    case SIZE -> {
                        char c = (char) (bytes.get() & 0xff);
                        if (c != '\n') {
                            line.append(c);
                            continue;
                        }
                        var l = line.toString().trim();
                        line.setLength(0);
                        int semi = l.indexOf(';');
                        left = Long.parseLong(semi < 0 ? l : l.substring(0, semi), 16);
                        if (left == 0) {
                            finish(); // the trailers, if any, are not waited for
                        } else {
                            state = State.DATA;
                        }
                    }
                    case DATA, BODY -> {
                        int take = left < 0 ? bytes.remaining() : (int) Math.min(left, bytes.remaining());
                        var chunk = new byte[take];
                        bytes.get(chunk);
                        sse.append(new String(chunk, StandardCharsets.UTF_8));
                        events(received, delays);
                        if (left >= 0) {
                            left -= take;
                            if (left == 0) {
                                if (state == State.DATA) {
                                    state = State.DATA_END;
                                } else {
                                    finish();
                                }
                            }
                        }
                    }
                    case DATA_END -> {
                        if (bytes.get() == '\n') {
                            state = State.SIZE;
                        }
                    }
                    case DONE -> bytes.position(bytes.limit());
                    default -> throw new IllegalStateException(state.toString());
                }
            }
        }

        private void headers() {
            var lines = head.toString().split("\r\n");
            if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
                fail("not an HTTP/1.1 response: " + lines[0]);
                return;
            }
            status = Integer.parseInt(lines[0].substring(9, 12));
            if (status != 200) {
                fail("HTTP " + status);
                return;
            }
            for (var h : lines) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                var name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                var value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                if (name.equals("transfer-encoding") && value.contains("chunked")) {
                    chunked = true;
                } else if (name.equals("content-length")) {
                    left = Long.parseLong(value);
                }
            }
            state = chunked ? State.SIZE : State.BODY;
        }

        /** Every complete SSE event so far: a stamped one is counted with its delay; [DONE] is noted. */
        private void events(long received, Bench.Samples delays) {
            int end;
            while ((end = sse.indexOf("\n\n")) >= 0) {
                long stamp = Bench.Client.stampOf(sse, end, Bench.Api.CHAT);
                if (stamp != Long.MIN_VALUE) {
                    delays.add(received - stamp);
                    events++;
                } else if (sse.substring(0, end).contains("[DONE]")) {
                    sawDone = true;
                }
                sse.delete(0, end + 2);
            }
        }

        private void finish() {
            state = State.DONE;
            if (events != expected || !sawDone) {
                fail(events + " of " + expected + " events" + (sawDone ? "" : ", no [DONE]"));
            } else {
                done = true;
            }
        }
    }

    /** "0 errors", or the count and the first reason. */
    static String errorsText(Result r) {
        return r.errors() == 0 ? "0 errors" : r.errors() + " errors (first: " + r.firstError() + ")";
    }

    /** For the log: how the run went. */
    static String summary(Result r) {
        return String.format(Locale.ROOT, "%d of %d streams whole, %d open at once at most, %.1f s, %s",
                r.completed(), r.streams(), r.peakOpen(), r.seconds(), errorsText(r));
    }
}
