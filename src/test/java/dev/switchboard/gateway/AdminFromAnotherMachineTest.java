package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.gateway.admin.AdminToken;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/ADMIN_API.md: the admin API "answers callers on this machine only (loopback; 403 otherwise)". A call from
 * another machine to a gateway that listens beyond loopback is 403 {@code admin_loopback_only} whatever it carries:
 * no key (it was 401 {@code missing_access_key}, the access guard's answer for the model routes: issue 18), a valid
 * client access key, or even the admin token. Sent from this machine's own non-loopback address, so the gateway
 * sees a caller that is not loopback.
 */
class AdminFromAnotherMachineTest {
    @TempDir
    Path dataDir;

    private InetAddress lan;
    private Store store;
    private Switchboard switchboard;
    private String clientKey;
    private String adminToken;

    @BeforeEach
    void start() throws SocketException {
        lan = nonLoopbackAddress();
        assumeTrue(lan != null, "this machine has no address but loopback");
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        clientKey = store.accessKeys().create("laptop").secret().reveal();
        switchboard = Switchboard.start(store, "0.0.0.0", 0, "test", Clock.systemUTC());
        adminToken = AdminToken.loadOrCreate(dataDir);
    }

    @AfterEach
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private String get(InetAddress from, String path, String headerLines) throws IOException {
        var port = switchboard.gateway().port();
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(from, port), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + from.getHostAddress() + ":" + port
                    + "\r\n" + headerLines + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertLoopbackOnly(String answer) {
        assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
        var error = GatewayFixture.json(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
        assertEquals("admin_loopback_only", error.path("code").asText(), answer);
        assertEquals("permission_error", error.path("type").asText(), answer);
        assertTrue(error.path("message").asText().contains("on the Switchboard machine only"), answer);
        assertFalse(answer.toLowerCase().contains("www-authenticate"), "nothing to authenticate with: " + answer);
    }

    @Test
    void anAdminCallFromAnotherMachineIs403WhateverItCarries() throws IOException {
        for (var path : new String[] {"/admin/status", "/v1/routing/status"}) {
            assertLoopbackOnly(get(lan, path, ""));
            assertLoopbackOnly(get(lan, path, "Authorization: Bearer " + clientKey + "\r\n"));
            assertLoopbackOnly(get(lan, path, "X-Admin-Token: " + adminToken + "\r\n"));
        }
    }

    @Test
    void theSameCallsFromThisMachineAndTheModelRoutesFromAnotherAreAnsweredAsBefore() throws IOException {
        var local = get(InetAddress.getLoopbackAddress(), "/admin/status", "X-Admin-Token: " + adminToken + "\r\n");
        assertTrue(local.startsWith("HTTP/1.1 200 "), local);
        var keyless = get(lan, "/v1/models", "");
        assertTrue(keyless.startsWith("HTTP/1.1 401 "), "the model routes want a client key: " + keyless);
        var keyed = get(lan, "/v1/models", "Authorization: Bearer " + clientKey + "\r\n");
        assertTrue(keyed.startsWith("HTTP/1.1 200 "), keyed);
    }

    /** An IPv4 address of this machine that is not loopback (nor link-local), or null. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (var ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (var a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
