package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/switchboard.jar}, run as a person runs it: copied into a folder of its own, with no
 * {@code --data-dir}, so its data lands beside it; then the folder is copied elsewhere and still works.
 */
class PackagedJarIT {
    private static final Pattern LISTENING = Pattern.compile("is listening on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void runsHeadlessFromItsOwnFolderPicksUpCliChangesAndTravelsWithItsData() throws Exception {
        var folder = Files.createDirectories(temp.resolve("usb-stick"));
        var jar = Files.copy(Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")),
                folder.resolve("switchboard.jar"));

        var gateway = start(jar);
        var base = awaitListening(gateway);

        var health = JSON.readTree(get(base + "/healthz").body());
        assertEquals("ok", health.get("status").asText());
        assertFalse(health.get("version").asText().isBlank());
        assertTrue(Files.exists(folder.resolve("switchboard.db")), "the database lives beside the jar");

        var add = run(jar, "channels", "add", "--force", "relay", "--url", "https://relay.example/v1", "--key", "-",
                "-m", "portable-model");
        assertEquals(0, add.exitCode(), add.output());
        assertFalse(add.output().contains("sk-test-portable-0000"), "the key is never printed in full");
        awaitModel(base, "portable-model");
        // One request into the usage history: the relay does not exist, so it fails, and is logged as such.
        var chat = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"portable-model\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(chat.statusCode() >= 500, chat::body);

        gateway.destroy(); // SIGTERM: the shutdown hook stops Jetty and checkpoints the database
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway did not stop on SIGTERM");
        var wal = folder.resolve("switchboard.db-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "the WAL was not checkpointed on a clean stop");

        // Copy the whole folder elsewhere, as onto a USB stick, and start it there.
        var elsewhere = copyFolder(folder, temp.resolve("other-machine"));
        var history = run(elsewhere.resolve("switchboard.jar"), "status");
        assertTrue(history.output().contains("requests:    1 logged"), history.output()); // the usage came along
        var moved = start(elsewhere.resolve("switchboard.jar"));
        var movedBase = awaitListening(moved);
        var models = get(movedBase + "/v1/models").body();
        assertTrue(models.contains("\"portable-model\""), models);
        assertTrue(Files.exists(elsewhere.resolve("switchboard.db")));
        moved.destroy();
        assertTrue(moved.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void secondGatewayOnTheSameFolderOrPortFailsWithAClearMessage() throws Exception {
        var folder = Files.createDirectories(temp.resolve("app"));
        var jar = Files.copy(Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")),
                folder.resolve("switchboard.jar"));
        var first = start(jar);
        var base = awaitListening(first);
        var port = URI.create(base).getPort();

        // Same data folder: one Switchboard per folder, and it says where the running one listens.
        var sameFolder = run(jar, "serve", "--headless", "--port", "0");
        assertEquals(1, sameFolder.exitCode(), sameFolder.output());
        assertTrue(sameFolder.output().contains("already running for the data folder"), sameFolder.output());
        assertTrue(sameFolder.output().contains(base), sameFolder.output());

        // Another folder, same port: the port is in use, and the message says what to change.
        var other = Files.createDirectories(temp.resolve("other"));
        var second = run(jar, "--data-dir", other.toString(), "serve", "--headless", "--port", Integer.toString(port));
        assertEquals(1, second.exitCode(), second.output());
        assertTrue(second.output().contains("in use"), second.output());
        assertTrue(second.output().contains("--port"), second.output());
        first.destroy();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    }

    private Process start(Path jar) throws IOException {
        var p = new ProcessBuilder(java(), "-jar", jar.toString(), "--headless", "--port", "0")
                .directory(temp.toFile()) // not the jar's folder: the data folder must follow the jar, not the cwd
                .redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(Path jar, String... args) throws Exception {
        var command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true).start();
        started.add(p);
        try (var stdin = p.getOutputStream()) {
            stdin.write("sk-test-portable-0000\n".getBytes(StandardCharsets.UTF_8));
        }
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    /** Reads the gateway's output until it says where it listens (it prints that once it accepts connections). */
    private static String awaitListening(Process p) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            var m = LISTENING.matcher(line);
            if (m.find()) {
                // keep draining so the child never blocks on a full pipe
                var drain = new Thread(() -> reader.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the gateway exited without listening:\n" + seen);
    }

    /** Asks until the model appears: the change comes from another process, noticed by polling data_version. */
    private void awaitModel(String base, String model) throws Exception {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        String body = null;
        while (Instant.now().isBefore(deadline)) {
            body = get(base + "/v1/models").body();
            if (body.contains("\"" + model + "\"")) {
                return;
            }
            // no sleep: each request is the wait; bounded by the deadline
        }
        assertNotNull(body);
        throw new AssertionError(model + " never appeared in /v1/models: " + body);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (var source : files.toList()) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
