package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start to serving: the wall time from launching a server process to its first HTTP 200 on a health path. That is
 * what a person waits for between double-clicking and a client getting an answer, so it counts the JVM's (or
 * node's) own start, class loading, opening the data folder and binding the port, and not a line of log.
 *
 * <p>Each start is a fresh process on a port chosen here, polled with a plain {@code GET} every few milliseconds
 * until it answers 200, then stopped and awaited before the next one, so no two starts share a CPU.
 */
final class Starts {
    /** How often the poll tries: fine enough for figures around a second, and it leaves the CPU to the start. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Starts() {
    }

    /** Launches one fresh server process that will listen on {@code port} (127.0.0.1). Must not wait for it. */
    @FunctionalInterface
    interface Launcher {
        Process launch(int port) throws IOException;
    }

    /** Cold starts of one subject, in ns; or why it could not be measured. */
    record Times(long[] nanos, String failure) {
        static Times failed(String why) {
            return new Times(new long[0], why);
        }

        long median() {
            var sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? -1 : sorted[(sorted.length - 1) / 2];
        }

        long min() {
            return Arrays.stream(nanos).min().orElse(-1);
        }

        long max() {
            return Arrays.stream(nanos).max().orElse(-1);
        }

        /** "0.95 s (0.90–1.10, 5 starts)", or the failure. */
        String text() {
            if (failure != null) {
                return failure;
            }
            if (nanos.length == 1) {
                return seconds(nanos[0]) + " s (1 start)";
            }
            return seconds(median()) + " s (" + seconds(min()) + "–" + seconds(max()) + ", " + nanos.length
                    + " starts)";
        }

        private static String seconds(long nanos) {
            return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
        }
    }

    /**
     * One cold start: launches, polls {@code healthPath} until HTTP 200, stops the process and waits for it to
     * exit. Returns the ns from just before the launch to the 200.
     */
    static long once(Launcher launcher, String healthPath, List<Process> started) throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        var process = launcher.launch(port);
        started.add(process);
        try {
            awaitServing(port, healthPath, process, TimeUnit.SECONDS.toNanos(60));
            return System.nanoTime() - t0;
        } finally {
            // A launch that handed over to a second process: that one listens and must go too.
            var listener = Proc.listenerPid(port);
            Proc.stop(process);
            listener.ifPresent(pid -> {
                if (pid != process.pid()) {
                    Proc.stop(pid);
                }
            });
        }
    }

    /** Polls {@code GET path} on 127.0.0.1:port until it answers 200; fails when the process exits or time is up. */
    static void awaitServing(int port, String path, Process process, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!answers200(port, path)) {
            // Exiting with 0 may be a launch that hands over to a second process; the deadline still holds.
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new IllegalStateException("exited with " + process.exitValue() + " before serving");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not serving " + path + " within "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
            }
            Thread.sleep(POLL_NANOS / 1_000_000, (int) (POLL_NANOS % 1_000_000));
        }
    }

    /** One {@code GET} on a new connection: true on HTTP 200, false when refused, reset or anything else. */
    static boolean answers200(int port, String path) {
        try (var socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(2000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return statusLine(socket.getInputStream()).matches("HTTP/1\\.[01] 200( .*)?");
        } catch (IOException e) {
            return false;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n' && sb.length() < 200; ) {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /**
     * A port free on 127.0.0.1 now. Another process could take it before the server binds it; on this machine
     * nothing else hands out ports at that rate, and a start that fails for it says so.
     */
    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
