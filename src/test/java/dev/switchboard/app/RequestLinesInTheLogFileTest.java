package dev.switchboard.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.UUID;
import java.util.logging.LogManager;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log file as {@code serve} sets it up ({@link Logging#forGateway}) has one line per request (issue 12),
 * served, failed and refused alike: status, client protocol, model, the entry it went to, attempts and time, and why
 * when it did not succeed. The usage writer writes the lines after the answers, so the test waits for the writer
 * ({@code usage().flush()}), never for a while. Every request presents a client key Switchboard never issued; it
 * is nowhere in the log file nor the database, and the channel key a failing upstream repeats is masked.
 */
class RequestLinesInTheLogFileTest {
    private static final String MODEL = "up-model";
    private static final String CHAT = "/v1/chat/completions";
    private static final String WRONG_KEY = "sb-" + "notOneOfOurs" + "0123456789abcdefghijklmnopqrstuv";
    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
            + "\"created\":1730000000,\"model\":\"up-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
            + "\"completion_tokens\":1,\"total_tokens\":6}}";
    /** A line of the request log, as the file's formatter writes it: time, level, the logger's last name. */
    private static final Pattern REQUEST_LINE = Pattern.compile("^\\S+ \\S+ INFO requests: (.*)$");

    @TempDir
    Path dataDir;

    private final WireMockServer relay = new WireMockServer(options().dynamicPort());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Store store;
    private Switchboard switchboard;
    /** The key of channel {@code down}, whose upstream fails and quotes it. */
    private final String downKey = UUID.randomUUID().toString().replace("-", "");

    /** Channel {@code ok} answers, channel {@code down} fails with 500 quoting its key; the app logs as serve's. */
    private void start(int logFileLimit) {
        relay.start();
        relay.stubFor(post(urlEqualTo("/ok" + CHAT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(COMPLETION)));
        relay.stubFor(post(urlEqualTo("/down" + CHAT)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"backend down for key " + downKey + "\"}}")));
        Logging.forGateway(dataDir, false, logFileLimit);
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("ok", ApiType.OPENAI, relay.baseUrl() + "/ok/v1",
                List.of("sk-test-ok-0123456789")));
        store.channels().create(ChannelDraft.of("down", ApiType.OPENAI, relay.baseUrl() + "/down/v1",
                List.of(downKey)));
        store.entries().add("ok", MODEL, null, true);
        store.entries().add("down", MODEL, null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        if (switchboard != null) {
            switchboard.close();
        }
        if (store != null) {
            store.close();
        }
        relay.stop();
        // Logging.forGateway replaced the JVM's logging: the other tests get the test configuration back
        LogManager.getLogManager().readConfiguration();
    }

    private HttpResponse<String> send(String path, String body) {
        var request = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + WRONG_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String chatBody(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    /** Every log file's text, oldest file first. */
    private List<String> logFiles() throws IOException {
        var out = new ArrayList<String>();
        for (int g = Logging.FILE_COUNT - 1; g >= 0; g--) {
            var f = dataDir.resolve("logs").resolve("switchboard-" + g + ".log");
            if (Files.exists(f)) {
                out.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The request lines in the log files, oldest first, without their time stamps. */
    private List<String> requestLines() throws IOException {
        var out = new ArrayList<String>();
        for (var text : logFiles()) {
            for (var line : text.split("\\R")) {
                var m = REQUEST_LINE.matcher(line);
                if (m.matches()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    @Test
    void eachRequestIsOneLineWithItsFieldsAndNoKey() throws Exception {
        start(Logging.FILE_LIMIT);

        assertEquals(200, send(CHAT, chatBody("ok/" + MODEL)).statusCode());
        assertEquals(502, send(CHAT, chatBody("down/" + MODEL)).statusCode());
        assertEquals(400, send(CHAT, "not json, and " + WRONG_KEY).statusCode());
        assertEquals(404, send("/nowhere", "{}").statusCode());
        switchboard.usage().flush(); // the writer's hook: its lines are in the file once it returns

        var lines = requestLines();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("200 openai-chat model=ok/up-model by=tier:channel-qualified"
                + " entry=ok/up-model attempts=1 \\d+ms success"), lines.get(0));
        assertTrue(lines.get(1).matches("502 openai-chat model=down/up-model by=tier:channel-qualified entry=-"
                + " attempts=1 \\d+ms all_failed:"
                + " Every candidate for 'down/up-model' failed: .*"), lines.get(1));
        assertTrue(lines.get(2).matches("400 openai-chat model=- entry=- attempts=0 \\d+ms invalid_request:"
                + " invalid_request: The request body is not valid JSON.*"), lines.get(2));
        assertTrue(lines.get(3).matches("404 openai-chat model=- entry=- attempts=0 \\d+ms no_route:"
                + " not_found \\(POST /nowhere\\): .*"), lines.get(3));
        var log = String.join("", logFiles());
        assertFalse(log.contains(WRONG_KEY), log);
        assertFalse(log.contains(WRONG_KEY.substring(0, 15)), "not a piece of it either: " + log);
        assertFalse(log.contains(downKey), log);
        switchboard.close();
        switchboard = null;
        store.close();
        store = null;
        for (var file : List.of("switchboard.db", "switchboard.db-wal")) {
            var path = dataDir.resolve(file);
            if (Files.exists(path)) {
                var bytes = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(WRONG_KEY.substring(0, 15)), "the client's key in " + file);
            }
        }
    }

    /**
     * The upstream's words reach the failed request's line, with the channel key they quote masked as everywhere
     * else: the person can tell which key, no one can use it.
     */
    @Test
    void aFailedRequestsLineShowsTheUpstreamsReasonWithTheKeyMasked() throws Exception {
        start(Logging.FILE_LIMIT);

        assertEquals(502, send(CHAT, chatBody("down/" + MODEL)).statusCode());
        switchboard.usage().flush();

        var line = requestLines().get(0);
        assertTrue(line.contains("backend down for key " + ApiKey.mask(downKey)), line);
        assertFalse(line.contains(downKey), line);
    }

    /**
     * The request lines rotate with the rest of the log: with small files, a burst of refused requests fills more
     * than one, each line whole in one file, none lost while fewer than {@value Logging#FILE_COUNT} are full.
     */
    @Test
    void theLinesRotateWithTheLogFile() throws Exception {
        start(5_000);

        for (int i = 0; i < 30; i++) {
            assertEquals(404, send("/nowhere/" + i, "{}").statusCode());
        }
        switchboard.usage().flush();

        assertTrue(Files.exists(dataDir.resolve("logs").resolve("switchboard-1.log")), "a second file was begun");
        var lines = requestLines();
        assertEquals(30, lines.size(), lines.toString());
        for (int i = 0; i < 30; i++) {
            assertTrue(lines.get(i).startsWith("404 openai-chat model=- entry=- attempts=0 "), lines.get(i));
            assertTrue(lines.get(i).contains("not_found (POST /nowhere/" + i + "): "), lines.get(i));
        }
        for (var text : logFiles()) {
            assertTrue(text.isEmpty() || text.endsWith(System.lineSeparator()), "no line is split across files");
        }
    }
}
