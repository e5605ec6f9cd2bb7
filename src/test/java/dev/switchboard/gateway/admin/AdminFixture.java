package dev.switchboard.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running Switchboard for the admin API's tests, started before each test and stopped after it: one channel,
 * {@code relay}, with two keys, a secret header and a proxy with a password, and the entries {@code relay/gpt-4o}
 * and {@code relay/deepseek-ai/DeepSeek-V3.2} (alias {@code deepseek}), both in {@code auto}; the admin token read
 * as a client would. Every answer is kept, and the test fails if any of them shows one of {@link #SECRETS}.
 *
 * <pre>{@code
 * @TempDir Path dataDir;
 * @RegisterExtension final AdminFixture api = new AdminFixture(() -> dataDir);
 * }</pre>
 */
final class AdminFixture implements BeforeEachCallback, AfterEachCallback {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every secret of the fixture and of the tests' inputs; none may appear in any admin answer. */
    static final List<String> SECRETS = List.of("sk-test-relay-1", "sk-test-relay-2", "hdr-test-secret-1",
            "proxy-test-pass-1", "sk-test-new-1", "sk-test-new-2", "sk-test-added-3");

    /** The test's own {@code @TempDir}, injected after this fixture is made and before it starts. */
    private final Supplier<Path> dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> answers = new ArrayList<>();
    Store store;
    Switchboard switchboard;
    String token;

    AdminFixture(Supplier<Path> dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        store = Store.open(dataDir.get(), Database.Check.FULL, Clock.systemUTC());
        store.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("sk-test-relay-1", "sk-test-relay-2"), Map.of("X-Relay-Auth", "hdr-test-secret-1"),
                "http://me:proxy-test-pass-1@proxy.example.test:3128", Map.of(), true));
        store.entries().add("relay", "gpt-4o", null, true);
        store.entries().add("relay", "deepseek-ai/DeepSeek-V3.2", "deepseek", true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        token = AdminToken.loadOrCreate(dataDir.get());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        switchboard.close();
        store.close();
        for (var body : answers) {
            for (var secret : SECRETS) {
                assertFalse(body.contains(secret), "an admin answer shows " + secret + ": " + body);
            }
        }
    }

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        JsonNode error() {
            return json.get("error");
        }

        String code() {
            return error().get("code").asText();
        }
    }

    /** A request with only the headers given (no token unless among them). */
    Reply call(String method, String path, String body, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        var raw = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(raw.body());
        var json = raw.body().isEmpty() ? null : JSON.readTree(raw.body());
        return new Reply(raw.statusCode(), json, raw);
    }

    /** A request with the admin token. */
    Reply admin(String method, String path, String body) throws Exception {
        return call(method, path, body, "Authorization", "Bearer " + token);
    }

    Reply get(String path) throws Exception {
        return admin("GET", path, null);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertStatus(int expected, Reply r) {
        assertEquals(expected, r.status(), r.raw().body());
    }

    /** A group's member refs, in order. */
    static List<String> refs(JsonNode group) {
        var out = new ArrayList<String>();
        group.get("members").forEach(m -> out.add(m.get("ref").asText()));
        return out;
    }
}
