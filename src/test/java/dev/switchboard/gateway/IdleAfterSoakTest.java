package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a burst of streams, a quiet gateway gives back what the burst took (issue 17 point 8), without a restart:
 * its two pools ({@code switchboard-http}, {@code switchboard-upstream}) shrink to the threads they had before the
 * traffic, and the clients' keep-alive connections and the pooled upstream connections are closed. The idle
 * periods are shortened with the test-only properties of {@link Gateway} (see there), so that this takes seconds
 * instead of half a minute; the test polls with a generous deadline and asserts no timing. The soak keeps each
 * connection busy until its last request (see {@link #soak}).
 *
 * <p>The soak client keeps its connections for ten minutes, like an SDK's pool: it is the gateway that must close
 * them. Upstream connections are counted at the test upstream, where a connection the gateway leaked would show.
 */
class IdleAfterSoakTest {
    private static final int CONCURRENT = 150;
    private static final int STREAMS_PER_CONNECTION = 3;
    /**
     * Shortened idle periods, for a quick test. The connections' is still long against any pause between one
     * response's end and the next request on its connection, even on a loaded machine: a gateway that closes a
     * connection just as the client sends on it fails that request (the race of every keep-alive client, which
     * production's 30 s keeps rare and which is not what this test is about).
     */
    private static final String THREAD_IDLE_MILLIS = "500";
    private static final String CONNECTION_IDLE_MILLIS = "3000";
    /** Generous against the seconds the gateway takes; short against the minutes Jetty's defaults would take. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Names of the threads this test's fixtures start: Switchboard's, the upstream's, the client's, schedulers. */
    private static final List<String> FIXTURE_THREADS = List.of("switchboard-", "test-upstream", "soak-client",
            "HttpClient@", "Scheduler-");

    @TempDir
    Path dataDir;
    private String threadIdleBefore;
    private String connectionIdleBefore;

    @BeforeEach
    void shortenIdlePeriods() {
        threadIdleBefore = System.setProperty(Gateway.THREAD_IDLE_PROPERTY, THREAD_IDLE_MILLIS);
        connectionIdleBefore = System.setProperty(Gateway.CONNECTION_IDLE_PROPERTY, CONNECTION_IDLE_MILLIS);
    }

    @AfterEach
    void restoreIdlePeriods() {
        restore(Gateway.THREAD_IDLE_PROPERTY, threadIdleBefore);
        restore(Gateway.CONNECTION_IDLE_PROPERTY, connectionIdleBefore);
    }

    /**
     * What the gateway holds: threads of its two pools started during this test (threads an earlier test left
     * behind are not counted), client connections open at the gateway, and the gateway's connections open at the
     * upstream.
     */
    record Holdings(int httpThreads, int upstreamThreads, int clientConnections, int upstreamConnections) {
        static Holdings of(Set<Thread> before, GatewayFixture gw, JettyUpstream upstream) {
            return new Holdings(threads(before, "switchboard-http"), threads(before, "switchboard-upstream"),
                    gw.switchboard().gateway().openConnections(), upstream.openConnections());
        }

        /** Back where the baseline was: no more pool threads than then, and no connection left open. */
        boolean backTo(Holdings baseline) {
            return httpThreads <= baseline.httpThreads && upstreamThreads <= baseline.upstreamThreads
                    && clientConnections == 0 && upstreamConnections == 0;
        }
    }

    @Test
    void threadsAndConnectionsGoBackToTheBaselineOnceIdle() throws Exception {
        var before = liveThreads();
        var stream = GatewayFixture.fixture("sse/openai-chat-stream.txt");
        int secondEvent = stream.indexOf("data:", stream.indexOf("data:") + 1);
        var upstream = new JettyUpstream((request, response) -> {
            JettyUpstream.startStream(response);
            JettyUpstream.write(response, stream.substring(0, secondEvent), false);
            Thread.sleep(100); // the model thinks: streams overlap, so the pools and connection pools grow
            JettyUpstream.write(response, stream.substring(secondEvent), true);
        });
        var client = soakClient();
        try (var gw = new GatewayFixture(dataDir, Clock.systemUTC())) {
            gw.closeWith(upstream);
            gw.channelAt("soak", upstream.baseUrl());
            gw.start();
            var baseline = Holdings.of(before, gw, upstream);
            assertEquals(0, baseline.clientConnections() + baseline.upstreamConnections(), baseline.toString());

            soak(client, gw);
            var peak = Holdings.of(before, gw, upstream);

            var idle = await(() -> Holdings.of(before, gw, upstream), h -> h.backTo(baseline));
            assertTrue(idle.backTo(baseline), "once idle, the gateway still holds " + idle + "; before the soak "
                    + baseline + ", at its end " + peak);
        } finally {
            client.stop();
        }
        var leftover = await(() -> fixtureThreads(before), List::isEmpty);
        assertEquals(List.of(), leftover, "threads of this test's fixtures still alive after they were closed");
    }

    /**
     * {@value #STREAMS_PER_CONNECTION} streamed chat requests, one after another, over each of {@value #CONCURRENT}
     * connections at once; every one must complete. Each connection is busy until its last request: a keep-alive
     * connection idle for as long as the gateway's (shortened) idle timeout could be closed by the gateway just as
     * the client sends on it, the race every keep-alive client lives with, which is not what this test is about.
     */
    private static void soak(HttpClient client, GatewayFixture gw) throws Exception {
        var url = gw.baseUrl() + GatewayFixture.PATH;
        var destination = client.resolveDestination(client.newRequest(url));
        var all = new ArrayList<CompletableFuture<Void>>();
        for (int c = 0; c < CONCURRENT; c++) {
            var connection = destination.newConnection().get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> streams = CompletableFuture.completedFuture(null);
            for (int i = 0; i < STREAMS_PER_CONNECTION; i++) {
                streams = streams.thenCompose(x -> new CompletableResponseListener(client.newRequest(url)
                        .method("POST").body(new StringRequestContent("application/json",
                                GatewayFixture.chatBody("auto", true)))).send(connection))
                        .thenAccept(IdleAfterSoakTest::assertComplete);
            }
            all.add(streams);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    private static void assertComplete(ContentResponse response) {
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertTrue(response.getContentAsString().contains("data: [DONE]"), response.getContentAsString());
    }

    /** A client that keeps its connections, as SDKs' pools do: closing idle ones is the gateway's job here. */
    private static HttpClient soakClient() throws Exception {
        var pool = new QueuedThreadPool(64, 2);
        pool.setName("soak-client");
        var client = new HttpClient();
        client.setExecutor(pool);
        client.setIdleTimeout(TimeUnit.MINUTES.toMillis(10));
        client.start();
        return client;
    }

    /** Polls until {@code done} holds or the deadline passes; returns the last value either way. */
    private static <T> T await(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        var value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = probe.get();
        }
        return value;
    }

    private static Set<Thread> liveThreads() {
        var set = Collections.newSetFromMap(new IdentityHashMap<Thread, Boolean>());
        set.addAll(Thread.getAllStackTraces().keySet());
        return set;
    }

    private static int threads(Set<Thread> before, String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith(prefix)).count();
    }

    private static List<String> fixtureThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(name -> FIXTURE_THREADS.stream().anyMatch(name::startsWith))
                .sorted()
                .toList();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
