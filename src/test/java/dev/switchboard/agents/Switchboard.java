package dev.switchboard.agents;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged {@code target/switchboard.jar} in a process of its own, headless on a free loopback port with a
 * data folder of its own, configured through its admin API.
 */
final class Switchboard implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("is listening on (http://\\S+)");

    final String base;
    private final Process process;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    private Switchboard(Process process, String base, String token) {
        this.process = process;
        this.base = base;
        this.token = token;
    }

    static Switchboard start(Path jar, Path dataDir, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the suite runs the packaged jar (mvn verify packages "
                    + "it before the integration tests)");
        }
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var p = new ProcessBuilder(java, "-jar", jar.toString(), "--data-dir", dataDir.toString(), "serve",
                "--headless", "--port", "0").directory(dataDir.toFile()).redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            var m = LISTENING.matcher(line);
            if (m.find()) {
                var token = Files.readString(dataDir.resolve("admin.token")).strip();
                var sb = new Switchboard(p, m.group(1), token);
                var drain = new Thread(() -> {
                    try (var out = Files.newBufferedWriter(log)) {
                        out.write(seen.toString());
                        String l;
                        while ((l = reader.readLine()) != null) {
                            out.write(l);
                            out.write('\n');
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return sb;
            }
        }
        throw new IllegalStateException("Switchboard exited without listening:\n" + seen);
    }

    /** An admin API call; fails with Switchboard's answer unless it is a success. */
    JsonNode admin(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " " + json + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return response.body().isBlank() ? null : Fixtures.tree(response.body());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
