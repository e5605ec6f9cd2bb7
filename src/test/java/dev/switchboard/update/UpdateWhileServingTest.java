package dev.switchboard.update;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7: an update is downloaded and verified while the gateway serves requests, and no request fails. */
class UpdateWhileServingTest {
    @TempDir
    Path temp;

    @Test
    void downloadingAnUpdateFailsNoRequestInFlight() throws Exception {
        var app = Files.createDirectories(temp.resolve("stick"));
        var oldJar = "the installed switchboard.jar, version 1.0.0".getBytes(StandardCharsets.UTF_8);
        Files.write(app.resolve("switchboard.jar"), oldJar);
        var bytes = new byte[3_000_000];
        new Random(11).nextBytes(bytes);
        var newJar = Files.write(Files.createDirectories(temp.resolve("build")).resolve("switchboard.jar"), bytes);

        var upstream = new WireMockServer(options().dynamicPort());
        upstream.start();
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("content-type", "application/json")
                .withBody("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":"
                        + "\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}")));
        var releases = new ReleaseServer();
        releases.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        var store = Store.open(app, Database.Check.QUICK, Clock.systemUTC());
        var gateway = Switchboard.start(store, "127.0.0.1", 0, "1.0.0", Clock.systemUTC());
        try {
            store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, upstream.baseUrl() + "/v1",
                    List.of("test-key-alpha")));
            store.entries().add("relay", "gpt-4o", null, true);
            var url = URI.create(gateway.gateway().baseUrl() + "/v1/chat/completions");
            var client = HttpClient.newHttpClient();
            var statuses = new ConcurrentLinkedQueue<Integer>();
            var downloading = new AtomicBoolean();
            var duringDownload = new AtomicInteger();
            var downloaded = new AtomicBoolean();
            var firstAnswered = new CountDownLatch(1);
            var clients = new ArrayList<CompletableFuture<Void>>();
            for (int c = 0; c < 4; c++) {
                clients.add(CompletableFuture.runAsync(() -> {
                    // each client keeps asking until the download is over, and at least 10 times
                    for (int i = 0; i < 10 || !downloaded.get(); i++) {
                        boolean overlapped = downloading.get();
                        try {
                            var r = client.send(HttpRequest.newBuilder(url).header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"messages\":"
                                            + "[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.add(r.statusCode());
                        } catch (Exception e) {
                            statuses.add(-1);
                        }
                        if (overlapped && downloading.get()) {
                            duringDownload.incrementAndGet();
                        }
                        firstAnswered.countDown();
                    }
                }));
            }
            assertTrue(firstAnswered.await(30, TimeUnit.SECONDS));
            var updater = new Update4jUpdater(releases.site("1.0.0"), ReleaseServer.KEY, app.resolve("updates"), app,
                    "1.0.0", new DatabaseBackup(app, Clock.systemUTC()));
            downloading.set(true);
            var pending = updater.download(updater.check().orElseThrow());
            downloading.set(false);
            downloaded.set(true);
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertEquals("1.1.0", pending.version());
            assertTrue(statuses.size() >= 40, "every client asked at least ten times");
            assertTrue(statuses.stream().allMatch(s -> s == 200), () -> "some request failed: " + statuses);
            assertArrayEquals(oldJar, Files.readAllBytes(app.resolve("switchboard.jar")),
                    "the running version is replaced only at the next start");
            // Whether a request fell inside the download window depends on the machine's speed; that it never
            // failed is the point, so the overlap is reported, not asserted.
            System.out.println("requests completed while downloading: " + duringDownload.get());
        } finally {
            gateway.close();
            store.close();
            releases.close();
            upstream.stop();
        }
    }
}
