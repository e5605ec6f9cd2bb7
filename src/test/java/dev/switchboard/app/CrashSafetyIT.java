package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.app.WriteLedger.AliasSet;
import dev.switchboard.app.WriteLedger.Change;
import dev.switchboard.app.WriteLedger.ChannelAdd;
import dev.switchboard.app.WriteLedger.EntryDisable;
import dev.switchboard.app.WriteLedger.GroupAdd;
import dev.switchboard.app.WriteLedger.GroupCreate;
import dev.switchboard.app.WriteLedger.SettingChange;
import dev.switchboard.app.WriteLedger.Write;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a running gateway and CLI writes on one data folder, as separate processes on one real SQLite file,
 * killed with SIGKILL at varying points and started again, round after round. After every round the file passes
 * {@code PRAGMA integrity_check}, holds every write that was confirmed (a CLI confirms only after its commit), holds
 * every write killed unconfirmed either whole or not at all, and the next gateway serves exactly what it holds.
 *
 * <p>Each round, by its number: the gateway is killed while it starts (it has opened the database: integrity check,
 * migrations, Jetty), once it listens and before the writes, while the writes run, or after them; while it listens
 * it serves requests to channels whose upstream refuses, so it writes health and the request log beside the CLI's
 * writes. Four or five writes run at once (two settings, a channel with its model, a group, and a change to the
 * previous round's entry); two of them are killed: as they open the database, somewhere inside their work, or right
 * after printing their confirmation (before they close). The kill points are events (a line of output, the database
 * file showing up among the process's open files), not timings; where a short pause moves a kill deeper into the
 * work, it is labelled as fault simulation.
 *
 * <p>{@code -Dcrash.rounds=N} runs longer; the default ten rounds cover every pairing of gateway and CLI kill point
 * (the two victims of round r are killed at points r and r + 1 of three, while the gateway is killed at point r of
 * four: eight rounds give all twelve pairs).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashSafetyIT {
    private static final Pattern LISTENING = Pattern.compile("is listening on (http://\\S+)");
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 10);
    private static final List<String> SETTINGS =
            List.of("cooldown-seconds", "first-byte-timeout-seconds", "idle-timeout-seconds");
    /** Nothing listens on port 1: a channel's model list is refused at once, and so is every request routed to it. */
    private static final String DEAD_UPSTREAM = "http://127.0.0.1:1/v1";
    private static final String DATABASE = "switchboard.db";
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** When the gateway of a round is killed. */
    enum GatewayKill { WHILE_STARTING, BEFORE_WRITES, DURING_WRITES, AFTER_WRITES }

    /** When a CLI write chosen to be killed is killed. */
    enum CliKill { ON_OPENING_THE_DATABASE, INSIDE_ITS_WORK, AFTER_CONFIRMING }

    /** One CLI write under way; {@code killed} completes once its killer has struck (done at once when it has none). */
    private record Running(Change change, JarProcess process, boolean victim, CompletableFuture<?> killed) {
    }

    @TempDir
    Path temp;

    private final List<JarProcess> started = new ArrayList<>();
    private final ExecutorService killers = Executors.newCachedThreadPool(r -> {
        var t = new Thread(r, "crash-test-killer");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path jar;
    private Path data;
    private int nextValue = 1000;

    @AfterEach
    void killLeftovers() {
        started.forEach(JarProcess::kill);
        killers.shutdownNow();
    }

    @Test
    void confirmedWritesSurviveKilledGatewaysAndCliRunsAndNoKilledWriteIsHalfDone() throws Exception {
        jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
        data = Files.createDirectories(temp.resolve("data"));
        var ledger = new WriteLedger();
        StoredState state = null;
        long began = System.nanoTime();

        for (int round = 0; round < ROUNDS; round++) {
            int thisRound = round; // for the lambdas
            var gatewayKill = GatewayKill.values()[round % GatewayKill.values().length];
            var gateway = start("", List.of("--headless", "--port", "0"));
            CompletableFuture<?> gatewayKilled = CompletableFuture.completedFuture(null);
            CompletableFuture<?> traffic = CompletableFuture.completedFuture(null);
            if (gatewayKill == GatewayKill.WHILE_STARTING) {
                gatewayKilled = CompletableFuture.runAsync(() -> {
                    if (gateway.awaitOpen(DATABASE)) {
                        faultSimulation(Duration.ofMillis(25L * (thisRound / 4 % 4))); // deeper into its start
                    }
                    gateway.kill();
                }, killers);
            } else {
                var base = awaitListening(gateway);
                // The restart after the last round's kills: it recovered the file and serves exactly what it holds.
                assertServes(base, state, round);
                traffic = traffic(base, 15);
                if (gatewayKill == GatewayKill.BEFORE_WRITES) {
                    gateway.kill();
                }
            }

            var running = startWrites(round, state);
            if (gatewayKill == GatewayKill.DURING_WRITES) {
                // at the first write to end: the others are still starting, writing or closing
                CompletableFuture.anyOf(running.stream().map(r -> r.process().exit()).toArray(CompletableFuture[]::new))
                        .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                gateway.kill();
            }
            for (var r : running) {
                ledger.add(ended(round, r));
            }
            if (gatewayKill == GatewayKill.AFTER_WRITES) {
                traffic.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
            gatewayKilled.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            gateway.kill();
            assertEquals(SIGKILL_EXIT, gateway.awaitExit(PATIENCE), () -> "the gateway ended by itself:\n"
                    + gateway.output());
            traffic.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS); // its gateway is gone: it ends at once

            state = StoredState.read(data, temp.resolve("check"));
            var problems = ledger.problems(state);
            assertTrue(problems.isEmpty(), () -> "after round " + thisRound + " (gateway killed " + gatewayKill + "):\n"
                    + String.join("\n", problems) + "\nthe gateway said:\n" + gateway.output());
            assertNoDatabaseMovedAside(gateway);
            System.out.printf("CrashSafetyIT round %d: gateway killed %s; %s%n", round, gatewayKill,
                    ledger.writes().stream().filter(w -> w.round() == thisRound).map(Write::describe).toList());
        }

        // A last, clean start and stop: it serves everything, and a clean stop leaves the file whole on its own.
        var gateway = start("", List.of("--headless", "--port", "0"));
        assertServes(awaitListening(gateway), state, ROUNDS);
        gateway.stop();
        gateway.awaitExit(PATIENCE);
        var wal = data.resolve(DATABASE + "-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "a clean stop checkpoints the WAL");
        var last = StoredState.read(data, temp.resolve("check"));
        assertEquals(List.of(), ledger.problems(last));
        assertEquals(state, last, "a clean start and stop changes nothing");

        System.out.printf("CrashSafetyIT: %d rounds, %d writes, %s; %d s%n", ROUNDS, ledger.writes().size(),
                ledger.killedSummary(last), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
    }

    /** Starts the round's writes at once; two of them get a killer, at points that shift with the round. */
    private List<Running> startWrites(int round, StoredState state) {
        var changes = changesFor(round, state);
        var running = new ArrayList<Running>();
        for (int i = 0; i < changes.size(); i++) {
            var change = changes.get(i);
            var p = start(change.stdin(), change.args());
            CliKill kill = null;
            if (i == round % changes.size()) {
                kill = CliKill.values()[round % 3];
            } else if (i == (round + 2) % changes.size()) {
                kill = CliKill.values()[(round + 1) % 3];
            }
            var killed = kill == null ? CompletableFuture.completedFuture(null) : killWhen(p, kill, change, round);
            running.add(new Running(change, p, kill != null, killed));
        }
        return running;
    }

    /** Waits for a write to end and says how: only a victim may fail, and only by being killed. */
    private static Write ended(int round, Running r) throws Exception {
        int code = r.process().awaitExit(PATIENCE);
        r.killed().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        boolean confirmed = r.process().line(r.change().confirmation()).get() != null;
        if (!r.victim()) {
            assertEquals(0, code, () -> "round " + round + ": a write nobody killed failed: " + r.change().args()
                    + "\n" + r.process().output());
        }
        if (code == 0) {
            assertTrue(confirmed, () -> "exit 0 without its confirmation: " + r.process().output());
        } else {
            assertEquals(SIGKILL_EXIT, code, () -> "a killed write ended otherwise: " + r.process().output());
        }
        return new Write(round, r.change(), confirmed, code == SIGKILL_EXIT, code);
    }

    /**
     * The writes of one round: two settings (never one written twice at once: the ledger's "later" must be clear),
     * a channel with its model, a group, and one change to the previous round's entry when it made it into the file.
     */
    private List<Change> changesFor(int round, StoredState state) {
        var changes = new ArrayList<Change>();
        changes.add(new SettingChange(SETTINGS.get(round % 3), Integer.toString(nextValue++)));
        changes.add(new SettingChange(SETTINGS.get((round + 1) % 3), Integer.toString(nextValue++)));
        changes.add(new ChannelAdd("c" + round, "m" + round, DEAD_UPSTREAM));
        changes.add(new GroupCreate("g" + round));
        if (state != null) {
            var ref = "c" + (round - 1) + "/m" + (round - 1);
            var group = "g" + (round - 1);
            if (state.entry(ref).isPresent()) {
                switch (round % 3) {
                    case 0 -> {
                        if (state.groups().containsKey(group)) {
                            changes.add(new GroupAdd(group, ref));
                        }
                    }
                    case 1 -> changes.add(new AliasSet(ref, "a" + round));
                    default -> changes.add(new EntryDisable(ref));
                }
            }
        }
        return changes;
    }

    /** Kills {@code p} at {@code point}; where open files cannot be seen, "on opening" becomes "at once". */
    private CompletableFuture<?> killWhen(JarProcess p, CliKill point, Change change, int round) {
        return CompletableFuture.runAsync(() -> {
            switch (point) {
                case ON_OPENING_THE_DATABASE -> {
                    if (JarProcess.canSeeOpenFiles()) {
                        p.awaitOpen(DATABASE);
                    }
                }
                case INSIDE_ITS_WORK -> {
                    if (JarProcess.canSeeOpenFiles() && p.awaitOpen(DATABASE)) {
                        // past the integrity check into migrations, the write and the close, by round
                        faultSimulation(Duration.ofMillis(15L * (1 + round % 6)));
                    }
                }
                case AFTER_CONFIRMING -> p.line(change.confirmation()).join();
            }
            p.kill();
        }, killers);
    }

    /**
     * Fault simulation, not synchronisation: a short pause that moves a kill from the moment an event was seen to
     * somewhat later in the work that follows it, so that rounds kill at different depths.
     */
    private static void faultSimulation(Duration pause) {
        LockSupport.parkNanos(pause.toNanos());
    }

    /** Requests routed to upstreams that refuse: each fails over and is logged, so the gateway writes as it serves. */
    private CompletableFuture<?> traffic(String base, int requests) {
        return CompletableFuture.runAsync(() -> {
            var request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
            for (int i = 0; i < requests; i++) {
                try {
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    return; // the gateway was killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, killers);
    }

    /** {@code /v1/models} lists exactly the groups and the routable entries (by alias or model) the file holds. */
    private void assertServes(String base, StoredState state, int round) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        var served = new TreeSet<String>();
        JSON.readTree(response.body()).get("data").forEach(m -> served.add(m.get("id").asText()));
        var expected = new TreeSet<>(Set.of("auto"));
        if (state != null) {
            expected.addAll(state.groups().keySet());
            state.entries().forEach((ref, e) -> {
                if (e.enabled()) {
                    expected.add(e.alias() != null ? e.alias() : ref.substring(ref.indexOf('/') + 1));
                }
            });
        }
        assertEquals(expected, served, "what the gateway started for round " + round + " serves");
    }

    private void assertNoDatabaseMovedAside(JarProcess gateway) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            var aside = files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".corrupt-")).toList();
            assertTrue(aside.isEmpty(), () -> "the database was taken for damaged and moved aside: " + aside + "\n"
                    + gateway.output());
        }
    }

    /** The jar on the test's data folder, as a separate process. */
    private JarProcess start(String stdin, List<String> args) {
        var all = new ArrayList<>(List.of("--data-dir", data.toString()));
        all.addAll(args);
        var p = JarProcess.start(jar, temp, stdin, all);
        started.add(p);
        return p;
    }

    private static String awaitListening(JarProcess gateway) throws Exception {
        var line = gateway.line(LISTENING).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, () -> "the gateway ended without listening:\n" + gateway.output());
        var m = LISTENING.matcher(line);
        assertTrue(m.find());
        return m.group(1);
    }
}
