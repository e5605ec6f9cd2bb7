package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.Switchboard;
import dev.switchboard.store.Database;
import dev.switchboard.store.LiveSnapshot;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI is another process: what it writes must reach a running gateway without a restart, while the
 * gateway keeps answering.
 */
class CliChangesReachRunningGatewayTest {
    @TempDir
    Path dataDir;

    @Test
    void channelAddedByAnotherProcessShowsUpInModelsWhileServing() throws Exception {
        try (var store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
             var switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC())) {
            var gateway = switchboard.gateway();
            var live = switchboard.live();
            var seen = awaitSnapshot(live, s -> s.entries().stream().anyMatch(e -> e.model().equals("cli-model-2")));

            // Readers hammer the gateway while the other process writes.
            var http = HttpClient.newHttpClient();
            var stop = new AtomicBoolean();
            var failures = new AtomicInteger();
            var answered = new AtomicInteger();
            var readers = new ArrayList<Thread>();
            for (int i = 0; i < 4; i++) {
                var t = new Thread(() -> {
                    for (int n = 0; n < 2_000 && !stop.get(); n++) {
                        try {
                            var r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.incrementAndGet();
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
                t.start();
                readers.add(t);
            }

            assertEquals(0, cli("channels", "add", "--force", "cli-relay", "--url", "https://cli.example/v1", "--key",
                    "sk-test-cli-key", "-m", "cli-model-1").exitCode, "channels add");
            assertEquals(0, cli("entries", "add", "cli-relay", "cli-model-2").exitCode, "entries add");

            assertTrue(seen.await(30, TimeUnit.SECONDS), "the gateway never saw the other process's change");
            stop.set(true);
            for (var t : readers) {
                t.join();
            }
            var body = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("\"cli-model-1\"") && body.contains("\"cli-model-2\""), body);
            assertEquals(0, failures.get(), "requests failed while the CLI wrote");
            assertTrue(answered.get() > 0);
        }
    }

    private static CountDownLatch awaitSnapshot(LiveSnapshot live, Predicate<Snapshot> condition) {
        var latch = new CountDownLatch(1);
        live.addListener(s -> {
            if (condition.test(s)) {
                latch.countDown();
            }
        });
        return latch;
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs the CLI in its own JVM, as a person in another terminal would. */
    private Result cli(String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.switchboard.app.Main", "--data-dir",
                dataDir.toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "CLI did not finish");
        return new Result(process.exitValue(), output);
    }
}
