package dev.switchboard.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a configuration exported without keys moves to a new data folder. Its channels arrive disabled and
 * needing a key, everything else arrives whole, and `channels edit --key` makes a channel route again.
 */
class KeylessImportTest {
    private static final String KEY = "sk-test-keyless-import-1";
    private static final String OTHER_KEY = "sk-test-keyless-import-2";
    private static final String HEADER_SECRET = "header-value-keyless-1";
    private static final String PROXY_PASSWORD = "proxy-pass-keyless-1";

    @TempDir
    Path dir;

    private WireMockServer wm;

    @BeforeEach
    void upstream() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"moved\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,"
                        + "\"total_tokens\":4}}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    /** A source machine: an enabled and a disabled channel, aliases, a group, a setting. */
    private Path source() {
        var a = dir.resolve("a");
        CliRun.run(a, "channels", "add", "--force", "relay", "--type", "openai", "--url", wm.baseUrl() + "/v1", "--key", KEY,
                "--option", "note=primary").ok();
        CliRun.run(a, "channels", "add", "--force", "spare", "--type", "anthropic", "--url", "https://spare.example.test",
                "--key", OTHER_KEY, "--disabled").ok();
        CliRun.run(a, "entries", "add", "relay", "gpt-4o", "--alias", "four").ok();
        CliRun.run(a, "entries", "add", "relay", "gpt-4o-mini").ok();
        CliRun.run(a, "entries", "add", "spare", "claude-sonnet-4").ok();
        CliRun.run(a, "entries", "disable", "relay/gpt-4o-mini").ok();
        CliRun.run(a, "groups", "create", "coding").ok();
        CliRun.run(a, "groups", "add", "coding", "spare/claude-sonnet-4").ok();
        CliRun.run(a, "groups", "add", "coding", "relay/gpt-4o").ok();
        CliRun.run(a, "settings", "set", "max-attempts", "3").ok();
        wm.resetRequests(); // `channels add` asked the upstream for its model list
        return a;
    }

    @Test
    void aKeylessExportImportsIntoAFreshFolderDisabledAndNeedingKeysLosingNothingElse() throws Exception {
        var a = source();
        var file = dir.resolve("moved.json");
        CliRun.run(a, "export", file.toString()).ok();
        var b = dir.resolve("b");

        CliRun.run(b, "import", file.toString(), "--dry-run").ok()
                .prints("+ channel relay", "needs a key", "2 channels would need a key", "relay, spare",
                        "channels edit <name> --key -", "dry run");
        CliRun.run(b, "import", file.toString()).ok().prints("Imported", "2 channels need a key").hides(KEY);

        var list = CliRun.run(b, "channels", "list").ok().prints("needs a key", "imported without keys");
        list.out().lines().forEach(l -> assertTrue(l.length() <= Text.WIDTH, l));
        var json = CliRun.run(b, "channels", "list", "--json").ok().json();
        for (var c : json) {
            assertFalse(c.get("enabled").asBoolean(), c.toString());
            assertTrue(c.get("needsKey").asBoolean(), c.toString());
        }
        CliRun.run(b, "channels", "show", "relay").ok().prints("enabled:  needs a key", "keys:     none",
                "channels edit relay --key -");
        CliRun.run(b, "status").ok().prints("channels:    2 (0 enabled, 2 need a key)");
        CliRun.run(b, "channels", "enable", "relay").fails(Main.USAGE, "no API key", "--key");

        // entries, aliases, groups, settings and options all arrived: the copy exports the very same file
        assertEquals(Files.readString(file), CliRun.run(b, "export").out());
        // entries as listed, less their channel's switch (which is off until the key comes, as asserted above)
        assertEquals(CliRun.run(a, "entries", "list", "--json").out().replace("\"channelEnabled\" : true", "")
                .replace("\"channelEnabled\" : false", ""), CliRun.run(b, "entries", "list", "--json").out()
                .replace("\"channelEnabled\" : false", ""));
        assertEquals(CliRun.run(a, "groups", "list", "--json").out(), CliRun.run(b, "groups", "list", "--json").out());
        assertEquals(CliRun.run(a, "settings", "list", "--json").out(),
                CliRun.run(b, "settings", "list", "--json").out());
    }

    @Test
    void aKeyGivenWithChannelsEditEnablesItAndItRoutes() throws Exception {
        var a = source();
        var file = dir.resolve("moved.json");
        CliRun.run(a, "export", file.toString()).ok();
        var b = dir.resolve("b");
        CliRun.run(b, "import", file.toString()).ok();

        try (var store = Store.open(b, Database.Check.FULL, Clock.systemUTC());
             var switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC())) {
            var before = ask(switchboard, "four");
            assertNotEquals(200, before.statusCode(), before.body());
            assertEquals(0, wm.getAllServeEvents().size(), "routing skips a channel without a key");

            CliRun.run(b, "channels", "edit", "relay", "--key", KEY).ok()
                    .prints("It has a key now and is enabled").hides(KEY);
            CliRun.run(b, "channels", "edit", "spare", "--key", OTHER_KEY).ok()
                    .prints("stays disabled", "channels enable spare").hides(OTHER_KEY);
            switchboard.live().reload(); // the CLI wrote from another store; the watcher would see it later

            var after = ask(switchboard, "four");
            assertEquals(200, after.statusCode(), after.body());
            assertTrue(after.body().contains("moved"), after.body());
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                    .withHeader("Authorization", equalTo("Bearer " + KEY)));
        }
        CliRun.run(b, "channels", "list").ok().prints("yes", "no");
        CliRun.run(b, "status").ok().prints("channels:    2 (1 enabled)");
    }

    /**
     * A channel with a custom header and a proxy with a password: the keyless file carries neither value. It
     * arrives needing all three, says how to give them, and routes with the header once they are given.
     */
    @Test
    void aChannelWhoseHeaderValueAndProxyPasswordWereWithheldSaysWhatItLacksAndRoutesOnceGiven() throws Exception {
        var a = dir.resolve("a");
        CliRun.run(a, "channels", "add", "--force", "relay", "--type", "openai", "--url", wm.baseUrl() + "/v1",
                "--key", KEY, "--header", "X-Custom: " + HEADER_SECRET).ok();
        CliRun.run(a, "channels", "add", "--force", "spare", "--type", "anthropic", "--url",
                "https://spare.example.test", "--key", OTHER_KEY, "--proxy",
                "http://me:" + PROXY_PASSWORD + "@proxy.example.test:3128").ok();
        CliRun.run(a, "entries", "add", "relay", "gpt-4o", "--alias", "four").ok();
        wm.resetRequests(); // `channels add` asked the upstream for its model list
        var file = dir.resolve("moved.json");
        CliRun.run(a, "export", file.toString()).ok();
        assertFalse(Files.readString(file).contains(HEADER_SECRET) || Files.readString(file).contains(PROXY_PASSWORD));
        var b = dir.resolve("b");

        CliRun.run(b, "import", file.toString()).ok()
                .prints("needs a key and the value of header X-Custom", "needs a key and the proxy password",
                        "channels show relay");
        CliRun.run(b, "channels", "list").ok().prints("needs secrets");
        CliRun.run(b, "channels", "show", "relay").ok()
                .prints("enabled:  needs secrets", "header:   X-Custom",
                        "channels edit relay --key - --header 'X-Custom: <value>'");
        CliRun.run(b, "channels", "show", "spare").ok()
                .prints("proxy:    http://me:****@proxy.example.test:3128", "--proxy <proxy-URL-with-password>");
        var json = CliRun.run(b, "channels", "show", "relay", "--json").ok().json();
        assertEquals("[\"a key\",\"the value of header X-Custom\"]", json.get("needs").toString());
        CliRun.run(b, "status").ok().prints("2 need a key");
        CliRun.run(b, "channels", "enable", "relay").fails(Main.USAGE, "X-Custom");

        try (var store = Store.open(b, Database.Check.FULL, Clock.systemUTC());
             var switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC())) {
            CliRun.run(b, "channels", "edit", "relay", "--key", KEY).ok()
                    .prints("'relay' was imported without the value of header X-Custom",
                            "channels edit relay --header 'X-Custom: <value>'").hides(KEY);
            switchboard.live().reload();
            assertNotEquals(200, ask(switchboard, "four").statusCode(), "no request without its header");
            assertEquals(0, wm.getAllServeEvents().size());

            CliRun.run(b, "channels", "edit", "relay", "--header", "X-Custom: " + HEADER_SECRET).ok()
                    .prints("It has all its secrets now and is enabled").hides(HEADER_SECRET);
            switchboard.live().reload();
            var after = ask(switchboard, "four");
            assertEquals(200, after.statusCode(), after.body());
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                    .withHeader("X-Custom", equalTo(HEADER_SECRET)));
        }
    }

    private static HttpResponse<String> ask(Switchboard switchboard, String model) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
