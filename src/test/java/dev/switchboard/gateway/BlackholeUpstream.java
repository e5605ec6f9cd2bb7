package dev.switchboard.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * An address whose connects never complete, as a host behind a firewall that drops packets: a listening socket
 * that never accepts, its accept queue filled first. Linux then drops further SYNs, and a connect hangs until the
 * caller's own timeout (no refusal, no reset) — the fault that a connect timeout exists for.
 */
final class BlackholeUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    BlackholeUpstream() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 16; i++) {
            var s = new Socket();
            try {
                // Fault set-up, not a measurement: a filler that cannot connect shows the queue is full.
                s.connect(server.getLocalSocketAddress(), 300);
                fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return;
            }
        }
        throw new IllegalStateException("the accept queue never filled: this system does not drop SYNs");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    @Override
    public void close() throws IOException {
        for (var s : fillers) {
            s.close();
        }
        server.close();
    }
}
