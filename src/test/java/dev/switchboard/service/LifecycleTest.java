package dev.switchboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop app's gateway: paused and resumed over one store, failing in words. */
class LifecycleTest {
    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Lifecycle lifecycle(Integer port, String bind) {
        return new Lifecycle(store, dir, "test", Clock.systemUTC(), port, bind, url -> {
            throw new AssertionError("no update here");
        });
    }

    @Test
    void pauseStopsAnsweringAndResumeAnswersAgain() throws Exception {
        var heard = new ArrayList<GatewayState>();
        try (var app = lifecycle(0, null)) {
            app.addListener(heard::add);
            var running = assertInstanceOf(GatewayState.Running.class, app.start());
            assertEquals(200, healthz(running.baseUrl()));
            var port = URI.create(running.baseUrl()).getPort();

            assertInstanceOf(GatewayState.Paused.class, app.pause());
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
            assertTrue(app.switchboard().isEmpty());

            var again = assertInstanceOf(GatewayState.Running.class, app.start());
            assertEquals(200, healthz(again.baseUrl()));
            assertEquals(3, heard.size(), heard::toString);
        }
    }

    @Test
    void busyPortIsAFailureThatNamesTheSettingNotAnException() throws IOException {
        try (var taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")); var app =
                lifecycle(taken.getLocalPort(), null)) {
            var failed = assertInstanceOf(GatewayState.Failed.class, app.start());
            assertTrue(failed.message().contains("in use"), failed.message());
            assertTrue(failed.message().contains("settings set port"), failed.message());
            assertEquals(failed, app.state());
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutAnAccessKeyIsRefused() {
        try (var app = lifecycle(0, "0.0.0.0")) {
            var failed = assertInstanceOf(GatewayState.Failed.class, app.start());
            assertTrue(failed.message().contains("no client access key exists"), failed.message());
            assertTrue(failed.message().contains(Setting.BIND.key()), failed.message());
        }
    }

    @Test
    void snapshotCarriesHealthWhetherRunningOrPaused() {
        try (var app = lifecycle(0, null)) {
            assertEquals(store.snapshot().channels(), app.snapshot().channels());
            app.start();
            assertEquals(store.snapshot().channels(), app.snapshot().channels());
        }
    }

    @Test
    void theUpdaterIsTheOneTheAppWiredInForTheUpdateUrlSetAtTheTime() {
        var asked = new ArrayList<String>();
        try (var app = new Lifecycle(store, dir, "test", Clock.systemUTC(), 0, null, url -> {
            asked.add(url);
            return null;
        })) {
            app.updater();
            store.settings().set(Setting.UPDATE_URL, "https://mirror.example.test/releases");
            app.updater();
            assertEquals(List.of("", "https://mirror.example.test/releases"), asked);
            assertEquals(dir, app.folder());
        }
    }

    private static int healthz(String base) throws Exception {
        var client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
