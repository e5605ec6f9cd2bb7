package dev.switchboard.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.ApiKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code switchboard channels …} end to end. Every run goes through {@link #sb}, and after each test every
 * line any command printed is checked for the secrets used: keys, header values and proxy passwords are
 * never shown in full, whatever the command and whether it succeeded or failed.
 */
class ChannelsCommandTest {
    static final String KEY1 = "sk-test-first-key-AAAA1111";
    static final String KEY2 = "sk-test-second-key-BBBB2222";
    static final String STDIN1 = "sk-stdin-one-CCCC3333";
    static final String STDIN2 = "sk-stdin-two-DDDD4444";
    static final String HEADER_SECRET = "hv-header-secret-EEEE5555";
    static final String PROXY_PASS = "proxy-pass-FFFF6666";
    static final String URL_KEY = "AIza-FAKE-url-key-for-tests-9999";
    static final List<String> SECRETS = List.of(KEY1, KEY2, STDIN1, STDIN2, HEADER_SECRET, PROXY_PASS, URL_KEY);

    @TempDir
    Path dir;

    private final List<String> printed = new ArrayList<>();

    private CliRun sb(String... args) {
        return sbIn("", args);
    }

    private CliRun sbIn(String stdin, String... args) {
        var r = CliRun.runWithStdin(dir, stdin, args);
        printed.add(r.toString()); // what it printed; not the command line, which holds the secrets typed
        return r;
    }

    private String state() {
        var s = CliRun.state(dir);
        printed.add(s);
        return s;
    }

    private JsonNode showJson(String name) {
        return sb("channels", "show", name, "--json").ok().json();
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @AfterEach
    void noSecretWasEverPrinted() {
        for (var p : printed) {
            for (var secret : SECRETS) {
                assertFalse(p.contains(secret), () -> "secret " + ApiKey.mask(secret) + " printed in full:\n" + p);
            }
        }
    }

    /** Two channels: relay (2 keys, a secret header, models a and b) and other (1 key, model c). */
    private void twoChannels() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", KEY1, "--key", KEY2,
                "-H", "X-Secret: " + HEADER_SECRET, "-m", "a", "-m", "b").ok();
        sb("channels", "add", "--force", "other", "--url", "https://other.example.com/v1", "--key", STDIN1, "-m", "c").ok();
    }

    // ---- add

    @Test
    void addStoresEveryOptionGivenAndShowsItMasked() {
        var r = sbIn(STDIN1 + "\n\n" + STDIN2 + "\n", "channels", "add", "--force", "relay", "--type", "azure",
                "--url", "https://relay.example.com/openai/", "--key", KEY1, "--key", "-",
                "--header", "X-Foo: bar", "--header", "X-Secret: " + HEADER_SECRET,
                "--proxy", "socks5://127.0.0.1:1080", "--option", "api-version=2024-10-21",
                "-m", "gpt-4o", "-m", "deepseek-ai/DeepSeek-V3.2", "--disabled").ok();
        r.prints("Added channel 'relay'", "azure", "3 keys", "disabled", "Added 2 models to `auto`", "gpt-4o");

        var c = showJson("relay");
        assertEquals("relay", c.get("name").asText());
        assertEquals("azure", c.get("type").asText());
        assertEquals("https://relay.example.com/openai", c.get("baseUrl").asText(), "trailing slash dropped");
        assertEquals(List.of(ApiKey.mask(KEY1), ApiKey.mask(STDIN1), ApiKey.mask(STDIN2)), texts(c.get("keys")),
                "the --key first, then both stdin lines in order, the blank line skipped");
        assertEquals("****", c.get("headers").get("X-Foo").asText());
        assertEquals(ApiKey.mask(HEADER_SECRET), c.get("headers").get("X-Secret").asText());
        assertEquals("socks5://127.0.0.1:1080", c.get("proxy").asText());
        assertEquals("2024-10-21", c.get("options").get("api-version").asText());
        assertFalse(c.get("enabled").asBoolean());
        assertEquals(2, c.get("entries").asInt());
        assertEquals(List.of("deepseek-ai/DeepSeek-V3.2", "gpt-4o"), texts(c.get("models")));

        var auto = sb("groups", "list", "--json").ok().json().get(0);
        assertEquals("auto", auto.get("name").asText());
        assertEquals(List.of("relay/gpt-4o", "relay/deepseek-ai/DeepSeek-V3.2"), texts(auto.get("members")),
                "-m models join auto in the order given");
    }

    @Test
    void addDefaultsToAnEnabledOpenaiChannelAndSaysWhatToDoNext() {
        sb("channels", "add", "--force", "plain", "--url", "https://api.example.com/v1", "--key", KEY1).ok()
                .prints("Added channel 'plain' (openai", "1 key: " + ApiKey.mask(KEY1),
                        "Next:", "switchboard --data-dir " + dir + " entries add plain <model>");
        var c = showJson("plain");
        assertEquals("openai", c.get("type").asText());
        assertTrue(c.get("enabled").asBoolean());
        assertTrue(c.get("proxy").isNull());
        assertEquals(0, c.get("headers").size());
        assertEquals(0, c.get("entries").asInt());
    }

    @Test
    void addReadsSeveralKeysFromStandardInput() {
        sbIn(STDIN1 + "\n" + STDIN2 + "\n", "channels", "add", "--force", "relay", "--url", "https://h.example.com",
                "--key", "-").ok().prints("2 keys");
        assertEquals(List.of(ApiKey.mask(STDIN1), ApiKey.mask(STDIN2)), texts(showJson("relay").get("keys")));
    }

    @Test
    void atATerminalTheKeyIsAskedForWithoutEchoAndNeverPrinted() {
        var prompts = new ArrayList<String>();
        var r = CliRun.runAtTerminal(prompt -> {
            prompts.add(prompt);
            return "  " + STDIN1 + "\n";
        }, dir, "channels", "add", "--force", "relay", "--url", "https://h.example.com", "--key", "-");
        printed.add(r.toString());

        r.ok();
        assertEquals(1, prompts.size());
        assertTrue(prompts.get(0).contains("not shown"), prompts.get(0));
        assertEquals(List.of(ApiKey.mask(STDIN1)), texts(showJson("relay").get("keys")));
    }

    @Test
    void addWithKeyFromEmptyStandardInputIsAUsageErrorAndAddsNothing() {
        var before = state();
        sb("channels", "add", "--force", "relay", "--url", "https://h.example.com", "--key", "-")
                .fails(Main.USAGE, "No key given", "standard input was empty", "--help");
        assertEquals(before, state());
    }

    // ---- list and show

    @Test
    void listWithoutChannelsSaysHowToAddOne() {
        sb("channels", "list").ok().prints("No channels yet", "switchboard --data-dir " + dir + " channels add");
        assertEquals("[ ]", sb("channels", "list", "--json").ok().out().strip());
    }

    @Test
    void listPrintsOneRowPerChannelWithMaskedKeysAndModelCounts() {
        twoChannels();
        sb("channels", "disable", "other").ok();
        var lines = sb("channels", "list").ok().out().lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("NAME\\s+TYPE\\s+BASE URL\\s+KEYS\\s+MODELS\\s+ENABLED\\s+PROXY\\s+BALANCE"), lines::toString);
        assertTrue(lines.get(1).matches("other\\s+openai\\s+https://other.example.com/v1\\s+"
                + ApiKey.mask(STDIN1) + "\\s+1\\s+no\\s+-"), lines::toString);
        assertTrue(lines.get(2).matches("relay\\s+openai\\s+https://relay.example.com/v1\\s+"
                + ApiKey.mask(KEY1) + ", " + ApiKey.mask(KEY2) + "\\s+2\\s+yes\\s+-"), lines::toString);
    }

    @Test
    void listJsonIsAnArrayOfChannelsWithKeysAndHeaderValuesMasked() {
        twoChannels();
        var arr = sb("channels", "list", "--json").ok().json();
        assertEquals(2, arr.size());
        var relay = arr.get(1);
        assertEquals("relay", relay.get("name").asText());
        assertEquals(List.of(ApiKey.mask(KEY1), ApiKey.mask(KEY2)), texts(relay.get("keys")));
        assertEquals(ApiKey.mask(HEADER_SECRET), relay.get("headers").get("X-Secret").asText());
        assertEquals(2, relay.get("entries").asInt());
        assertTrue(relay.get("enabled").asBoolean());
    }

    @Test
    void showPrintsEveryFieldWithSecretsMasked() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", KEY1,
                "-H", "X-Foo: bar", "-H", "Authorization: Bearer " + HEADER_SECRET,
                "--proxy", "http://user:" + PROXY_PASS + "@proxy.local:3128",
                "--option", "api-version=2024-10-21", "-m", "gpt-4o").ok();
        var out = sb("channels", "show", "RELAY").ok().out();
        CliRun.says(out, "name:     relay", "type:     openai", "base URL: https://relay.example.com/v1",
                "keys:     " + ApiKey.mask(KEY1), "enabled:  yes", "proxy:    http://user:****@proxy.local:3128",
                "header:   X-Foo: ****", "header:   Authorization: " + ApiKey.mask("Bearer " + HEADER_SECRET),
                "option:   api-version=2024-10-21", "models:   gpt-4o");
        assertEquals("http://user:****@proxy.local:3128", showJson("relay").get("proxy").asText());
        CliRun.says(sb("channels", "list").ok().out(), "http://user:****@proxy.local:3128");
    }

    @Test
    void noCommandPrintsAKeyHeaderValueOrProxyPasswordInFull() {
        sbIn(STDIN1 + "\n", "channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", KEY1,
                "--key", "-", "-H", "X-Secret: " + HEADER_SECRET,
                "--proxy", "socks5://me:" + PROXY_PASS + "@127.0.0.1:1080", "-m", "gpt-4o").ok();
        sb("channels", "list").ok();
        sb("channels", "list", "--json").ok();
        sb("channels", "show", "relay").ok();
        sb("channels", "show", "relay", "--json").ok();
        sb("entries", "list").ok();
        sb("entries", "list", "--json").ok();
        sb("groups", "show", "auto").ok();
        sb("status").ok();
        sb("channels", "edit", "relay", "--add-key", KEY2).ok();
        sb("channels", "edit", "relay", "--remove-key", KEY2).ok(); // the full key is accepted as well
        sb("channels", "edit", "relay", "--remove-key", URL_KEY).fails(Main.USAGE, "no such key");
        sb("channels", "add", "--force", "relay", "--url", "https://h.example.com", "--key", KEY2).fails(Main.FAILURE);
        sb("channels", "disable", "relay").ok();
        sb("channels", "remove", "relay").ok();
        // and, checked after each test: nothing above printed a secret
        assertEquals(15, printed.size());
    }

    // ---- edit

    @Test
    void editRenamesAndChangesUrlAndType() {
        twoChannels();
        sb("channels", "edit", "relay", "--name", "relay2", "--url", "http://localhost:8080/v1/", "--type", "anthropic")
                .ok().prints("Updated channel 'relay2' (anthropic, http://localhost:8080/v1");
        var c = showJson("relay2");
        assertEquals("anthropic", c.get("type").asText());
        assertEquals("http://localhost:8080/v1", c.get("baseUrl").asText());
        assertEquals(List.of(ApiKey.mask(KEY1), ApiKey.mask(KEY2)), texts(c.get("keys")), "keys kept");
        assertEquals(2, c.get("entries").asInt(), "entries follow the rename");
        sb("channels", "show", "relay").fails(Main.FAILURE, "no channel named 'relay'");
        assertEquals(List.of("relay2/a", "relay2/b", "other/c"),
                texts(sb("groups", "list", "--json").ok().json().get(0).get("members")));
    }

    @Test
    void editRenameMayChangeOnlyTheCase() {
        twoChannels();
        sb("channels", "edit", "relay", "--name", "Relay").ok();
        assertEquals("Relay", showJson("relay").get("name").asText());
    }

    @Test
    void editKeyReplacesAllKeys() {
        twoChannels();
        sb("channels", "edit", "relay", "--key", STDIN2).ok().prints("keys: " + ApiKey.mask(STDIN2) + ")");
        assertEquals(List.of(ApiKey.mask(STDIN2)), texts(showJson("relay").get("keys")));
    }

    @Test
    void editKeyDashReadsTheNewKeysFromStandardInput() {
        twoChannels();
        sbIn(STDIN1 + "\n" + STDIN2 + "\n", "channels", "edit", "relay", "--key", "-").ok();
        assertEquals(List.of(ApiKey.mask(STDIN1), ApiKey.mask(STDIN2)), texts(showJson("relay").get("keys")));
    }

    @Test
    void editAddsKeysAtTheEndAndRemovesThemByPositionOrMaskedForm() {
        twoChannels();
        sb("channels", "edit", "relay", "--add-key", STDIN1, "--add-key", STDIN2).ok();
        assertEquals(List.of(ApiKey.mask(KEY1), ApiKey.mask(KEY2), ApiKey.mask(STDIN1), ApiKey.mask(STDIN2)),
                texts(showJson("relay").get("keys")));
        sb("channels", "edit", "relay", "--remove-key", "1").ok();
        assertEquals(List.of(ApiKey.mask(KEY2), ApiKey.mask(STDIN1), ApiKey.mask(STDIN2)),
                texts(showJson("relay").get("keys")));
        sb("channels", "edit", "relay", "--remove-key", ApiKey.mask(STDIN1)).ok();
        assertEquals(List.of(ApiKey.mask(KEY2), ApiKey.mask(STDIN2)), texts(showJson("relay").get("keys")));
    }

    @Test
    void editRemoveKeyOutOfRangeIsAUsageErrorAndChangesNothing() {
        twoChannels();
        var before = state();
        sb("channels", "edit", "relay", "--remove-key", "3")
                .fails(Main.USAGE, "--remove-key 3", "there are 2 keys (1 to 2)", "switchboard channels edit --help");
        sb("channels", "edit", "relay", "--remove-key", "0").fails(Main.USAGE, "1 to 2");
        assertEquals(before, state());
    }

    @Test
    void editRemoveUnknownKeyIsAUsageErrorThatShowsTheKeyOnlyMasked() {
        twoChannels();
        var before = state();
        sb("channels", "edit", "relay", "--remove-key", URL_KEY)
                .fails(Main.USAGE, "no such key", ApiKey.mask(URL_KEY), "position", "masked form");
        assertEquals(before, state());
    }

    @Test
    void editRemovingTheLastKeyIsRefused() {
        sb("channels", "add", "--force", "solo", "--url", "https://h.example.com", "--key", KEY1).ok();
        var before = state();
        sb("channels", "edit", "solo", "--remove-key", "1").fails(Main.USAGE, "at least one API key", "--key");
        assertEquals(before, state());
    }

    @Test
    void editHeaderSetsOrReplacesCaseInsensitivelyAndRemoveHeaderDropsIt() {
        twoChannels();
        sb("channels", "edit", "relay", "--header", "x-secret: other-value-123456", "-H", "X-Title: my app").ok();
        var headers = showJson("relay").get("headers");
        assertEquals(2, headers.size(), headers::toString);
        assertEquals(ApiKey.mask("other-value-123456"), headers.get("x-secret").asText());
        assertEquals(ApiKey.mask("my app"), headers.get("X-Title").asText());
        sb("channels", "edit", "relay", "--remove-header", "X-SECRET").ok();
        headers = showJson("relay").get("headers");
        assertEquals(1, headers.size(), headers::toString);
        assertTrue(headers.has("X-Title"));
    }

    @Test
    void editRemovingAHeaderThatIsNotThereNamesTheHeadersThereAre() {
        twoChannels();
        var before = state();
        sb("channels", "edit", "relay", "--remove-header", "X-Nope")
                .fails(Main.FAILURE, "no header 'X-Nope'", "Its headers: X-Secret");
        assertEquals(before, state());
    }

    @Test
    void editSetsAndRemovesTheProxy() {
        twoChannels();
        sb("channels", "edit", "relay", "--proxy", "http://127.0.0.1:3128").ok();
        assertEquals("http://127.0.0.1:3128", showJson("relay").get("proxy").asText());
        sb("channels", "edit", "relay", "--no-proxy").ok();
        assertTrue(showJson("relay").get("proxy").isNull());
    }

    @Test
    void editSetsAndRemovesOptions() {
        twoChannels();
        sb("channels", "edit", "relay", "--option", "api-version=2024-10-21", "--option", "region=eu").ok();
        var options = showJson("relay").get("options");
        assertEquals("2024-10-21", options.get("api-version").asText());
        assertEquals("eu", options.get("region").asText());
        sb("channels", "edit", "relay", "--remove-option", "region", "--option", "api-version=2025-01-01").ok();
        options = showJson("relay").get("options");
        assertEquals(1, options.size(), options::toString);
        assertEquals("2025-01-01", options.get("api-version").asText());
    }

    @Test
    void editWithNothingToChangeIsAUsageError() {
        twoChannels();
        var before = state();
        sb("channels", "edit", "relay").fails(Main.USAGE, "Nothing to change", "--url", "--add-key",
                "switchboard channels edit --help");
        assertEquals(before, state());
    }

    @Test
    void editWithProxyAndNoProxyIsAUsageError() {
        twoChannels();
        var before = state();
        sb("channels", "edit", "relay", "--proxy", "http://127.0.0.1:3128", "--no-proxy")
                .fails(Main.USAGE, "--proxy and --no-proxy", "give one");
        assertEquals(before, state());
    }

    @Test
    void editRenameOntoAnotherChannelIsRefused() {
        twoChannels();
        var before = state();
        sb("channels", "edit", "relay", "--name", "OTHER").fails(Main.FAILURE, "'other' already exists", "another name");
        assertEquals(before, state());
    }

    @Test
    void editWithABadValueChangesNothingAtAll() {
        twoChannels();
        var before = state();
        // the good changes given with the bad one must not land either
        sb("channels", "edit", "relay", "--name", "renamed", "--add-key", STDIN2, "--url", "ftp://x")
                .fails(Main.USAGE, "http:// or https://");
        sb("channels", "edit", "relay", "--type", "grpc").fails(Main.USAGE, "Unknown API type", "openai");
        sb("channels", "edit", "relay", "--option", "novalue").fails(Main.USAGE, "KEY=VALUE");
        sb("channels", "edit", "relay", "-H", "X-Bad").fails(Main.USAGE, "Name: value");
        assertEquals(before, state());
    }

    // ---- remove, enable, disable

    @Test
    void removeDeletesTheChannelWithItsEntriesAndTheirPlaceInAuto() {
        twoChannels();
        sb("groups", "create", "fast").ok();
        sb("groups", "add", "fast", "relay/a").ok();
        sb("channels", "remove", "relay").ok().prints("Removed channel 'relay' and its 2 models.");
        assertEquals(1, sb("channels", "list", "--json").ok().json().size());
        var groups = sb("groups", "list", "--json").ok().json();
        assertEquals(List.of("other/c"), texts(groups.get(0).get("members")));
        assertEquals(List.of(), texts(groups.get(1).get("members")));
        var entries = sb("entries", "list", "--json").ok().json();
        assertEquals(1, entries.size());
        assertEquals("other/c", entries.get(0).get("ref").asText());
    }

    @Test
    void rmIsAnAliasOfRemove() {
        twoChannels();
        sb("channels", "rm", "other").ok().prints("Removed channel 'other' and its 1 model.");
        sb("channels", "show", "other").fails(Main.FAILURE, "no channel named 'other'");
    }

    @Test
    void disableAndEnableSwitchTheChannelAndItsEntriesFollow() {
        twoChannels();
        sb("channels", "disable", "relay").ok().prints("Channel 'relay' is disabled.");
        assertFalse(showJson("relay").get("enabled").asBoolean());
        var a = sb("entries", "list", "--json").ok().json().get(1);
        assertEquals("relay/a", a.get("ref").asText());
        assertFalse(a.get("channelEnabled").asBoolean());
        assertTrue(a.get("enabled").asBoolean(), "the entry's own switch is untouched");
        CliRun.says(sb("entries", "list").ok().out(), "channel off");

        sb("channels", "enable", "RELAY").ok().prints("Channel 'relay' is enabled.");
        assertTrue(showJson("relay").get("enabled").asBoolean());
    }

    // ---- bad input

    @ParameterizedTest
    @ValueSource(strings = {"show", "remove", "enable", "disable", "edit"})
    void unknownChannelFailsNamingItAndListingTheChannelsThereAre(String command) {
        twoChannels();
        var before = state();
        var args = command.equals("edit") ? new String[] {"channels", "edit", "nope", "--url", "https://x.example.com"}
                : new String[] {"channels", command, "nope"};
        sb(args).fails(Main.FAILURE, "no channel named 'nope'", "Channels: other, relay");
        assertEquals(before, state());
    }

    @Test
    void unknownChannelWhenThereAreNoneSaysHowToAddOne() {
        sb("channels", "show", "nope").fails(Main.FAILURE, "no channel named 'nope'", "channels add");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ftp://x             | not an http:// or https:// URL | for example https://api.openai.com/v1",
            "not a url           | not a valid URL                | Give the base URL",
            "https://host/v1?x=1 | has a query or fragment        | give the base URL only",
            "https://            | not a valid URL                | Give the base URL",
            "https://u:p@host/v1 | credentials                    | in the key"})
    void malformedUrlIsAUsageErrorAndAddsNothing(String url, String what, String todo) {
        twoChannels();
        var before = state();
        sb("channels", "add", "new", "--url", url, "--key", STDIN2).fails(Main.USAGE, what, todo);
        sb("channels", "edit", "relay", "--url", url).fails(Main.USAGE, what, todo);
        assertEquals(before, state());
    }

    @Test
    void urlWithAKeyInItsQueryIsRefusedWithoutShowingTheKey() {
        var before = state();
        sb("channels", "add", "gem", "--type", "gemini", "--key", STDIN1,
                "--url", "https://generativelanguage.googleapis.com/v1beta?key=" + URL_KEY)
                .fails(Main.USAGE, "https://generativelanguage.googleapis.com/v1beta", "query", "base URL only");
        assertEquals(before, state());
    }

    @Test
    void badProxyIsRefusedWithoutShowingItsPassword() {
        var before = state();
        sb("channels", "add", "--force", "p", "--url", "https://h.example.com", "--key", KEY1,
                "--proxy", "http://user:" + PROXY_PASS + "@proxy.local")
                .fails(Main.USAGE, "not a proxy URL", "http://host:port", "socks5://host:port");
        sb("channels", "add", "--force", "p", "--url", "https://h.example.com", "--key", KEY1, "--proxy", "ftp://proxy.local:21")
                .fails(Main.USAGE, "not a proxy URL", "socks5://host:port");
        assertEquals(before, state());
    }

    @Test
    void headerWithoutColonIsAUsageErrorThatDoesNotEchoIt() {
        var before = state();
        sb("channels", "add", "--force", "h", "--url", "https://h.example.com", "--key", KEY1,
                "-H", "Authorization Bearer " + HEADER_SECRET).fails(Main.USAGE, "no ':'", "'Name: value'", "--help");
        sb("channels", "add", "--force", "h", "--url", "https://h.example.com", "--key", KEY1, "-H", "Bad Name: x")
                .fails(Main.USAGE, "not a valid HTTP header name");
        assertEquals(before, state());
    }

    @Test
    void optionWithoutEqualsIsAUsageError() {
        var before = state();
        sb("channels", "add", "--force", "o", "--url", "https://h.example.com", "--key", KEY1, "--option", "api-version")
                .fails(Main.USAGE, "--option 'api-version' is not KEY=VALUE");
        assertEquals(before, state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relay", "RELAY", " Relay "})
    void duplicateNameIsRefusedEvenWhenOnlyTheCaseDiffers(String name) {
        twoChannels();
        var before = state();
        sb("channels", "add", "--force", name, "--url", "https://new.example.com", "--key", STDIN2, "-m", "z")
                .fails(Main.FAILURE, "A channel named 'relay' already exists", "Pick another name");
        assertEquals(before, state(), "neither the channel, its key nor its model changed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "channels add relay --key k-123456789012     | '--url=URL'",
            "channels add relay --url https://h.example.com | '--key=KEY'",
            "channels add --url https://h.example.com --key k-123456789012 | 'NAME'",
            "channels show                                | 'NAME'",
            "channels edit --url https://h.example.com  | 'NAME'"})
    void missingRequiredArgumentIsAUsageError(String line, String missing) {
        var before = state();
        sb(line.split(" ")).fails(Main.USAGE, "Missing required", missing, "--help");
        assertEquals(before, state());
    }

    @Test
    void unknownTypeIsAUsageErrorListingTheTypes() {
        var before = state();
        sb("channels", "add", "--force", "t", "--url", "https://h.example.com", "--key", KEY1, "--type", "grpc")
                .fails(Main.USAGE, "Unknown API type 'grpc'", "openai, responses, anthropic, gemini, azure");
        assertEquals(before, state());
    }

    @Test
    void typeIsCaseInsensitive() {
        sb("channels", "add", "--force", "t", "--url", "https://h.example.com", "--key", KEY1, "--type", "Anthropic").ok();
        assertEquals("anthropic", showJson("t").get("type").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "my/relay | cannot contain '/'  | <channel>/<model>",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | not a usable channel name | up to 64",
            "bad!name | not a usable channel name | letters, digits"})
    void unusableChannelNameIsAUsageError(String name, String what, String todo) {
        var before = state();
        sb("channels", "add", "--force", name, "--url", "https://h.example.com", "--key", KEY1).fails(Main.USAGE, what, todo);
        assertEquals(before, state());
    }

    @Test
    void invalidModelLeavesNoChannelBehind() {
        twoChannels();
        var before = state();
        sb("channels", "add", "--force", "third", "--url", "https://h.example.com", "--key", STDIN2, "-m", "good", "-m", " ")
                .fails(Main.USAGE, "model name is needed", "channel was not added");
        assertEquals(before, state());
        sb("channels", "show", "third").fails(Main.FAILURE, "no channel named 'third'");
    }

    @Test
    void repeatedModelLeavesNoChannelBehind() {
        twoChannels();
        var before = state();
        sb("channels", "add", "--force", "third", "--url", "https://h.example.com", "--key", STDIN2, "-m", "x", "-m", "x")
                .fails(Main.FAILURE, "already has model 'x'", "channel was not added");
        assertEquals(before, state());
    }

    // ---- detection (add without --type) and `channels models`, against WireMock relays

    private WireMockServer relay;

    private String relay() {
        relay = new WireMockServer(options().dynamicPort());
        relay.start();
        return "http://localhost:" + relay.port();
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.stop();
        }
    }

    private static final String LIST = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\"},"
            + "{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}";

    /** An OpenAI-compatible relay with its list only at /v1/models, for KEY1 only. */
    private String needsV1Relay() {
        var site = relay();
        relay.stubFor(get(urlPathEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer " + KEY1))
                .willReturn(okJson(LIST)));
        relay.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401)));
        return site;
    }

    @Test
    void addWithoutTypeDetectsItShowsTheEvidenceAndSavesTheCorrectedRootUrl() {
        var site = needsV1Relay();
        var r = sb("channels", "add", "relay", "--url", site, "--key", KEY1).ok();
        r.prints("Detected openai at " + site + "/v1", "TYPE", "URL", "STATUS", "MS", "OUTCOME",
                site + "/v1/models", "models: 2", site + "/models", "key rejected",
                "Saved the corrected base URL " + site + "/v1 (given: " + site + ")", "--keep-url",
                "It lists 2 models: gpt-4o, gpt-4o-mini",
                "the 1 proposed (recent) ones with `switchboard --data-dir " + dir + " channels models relay --add-recent`",
                "channels models relay --add");
        var c = showJson("relay");
        assertEquals("openai", c.get("type").asText());
        assertEquals(site + "/v1", c.get("baseUrl").asText(), "the corrected base is saved by default");
    }

    @Test
    void aPastedChatCompletionsUrlIsSavedAsItsV1Base() {
        var site = needsV1Relay();
        sb("channels", "add", "relay", "--url", site + "/v1/chat/completions", "--key", KEY1).ok()
                .prints("Saved the corrected base URL " + site + "/v1");
        assertEquals(site + "/v1", showJson("relay").get("baseUrl").asText());
    }

    @Test
    void acceptIsStillTakenAndChangesNothing() {
        var site = needsV1Relay();
        sb("channels", "add", "relay", "--url", site + "/v1/chat/completions", "--key", KEY1, "--accept").ok()
                .prints("Saved the corrected base URL " + site + "/v1");
        assertEquals(site + "/v1", showJson("relay").get("baseUrl").asText());
        sb("channels", "add", "other", "--url", site, "--key", KEY1, "--accept", "--keep-url")
                .fails(Main.USAGE, "--accept and --keep-url contradict");
    }

    @Test
    void keepUrlKeepsTheUrlAsGivenAndSaysHowToUseTheSuggestion() {
        var site = needsV1Relay();
        sb("channels", "add", "relay", "--url", site, "--key", KEY1, "--keep-url").ok()
                .prints("Suggested base URL: " + site + "/v1", "kept as given with --keep-url",
                        "channels edit relay --url " + site + "/v1");
        assertEquals(site, showJson("relay").get("baseUrl").asText());
    }

    @Test
    void addWithoutTypeSavesTheDetectedType() {
        var site = relay();
        relay.stubFor(get(urlPathEqualTo("/v1/models")).withHeader("x-api-key", equalTo(KEY1))
                .willReturn(okJson("{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\"}],\"has_more\":false}")));
        var r = sb("channels", "add", "claude", "--url", site + "/v1", "--key", KEY1).ok();
        r.prints("Detected anthropic");
        assertFalse(r.out().contains("Suggested") || r.out().contains("corrected"),
                "…/v1 and the site reach the same Anthropic endpoint: " + r);
        var c = showJson("claude");
        assertEquals("anthropic", c.get("type").asText());
        assertEquals(site + "/v1", c.get("baseUrl").asText());
    }

    @Test
    void anUnreachableHostIsRefusedWithNothingSaved() {
        var before = state();
        var r = sb("channels", "add", "gone", "--url", "https://no-such-host.invalid/v1", "--key", KEY1);
        r.fails(Main.FAILURE, "Channel 'gone' was not added", "no-such-host.invalid could not be reached",
                "Check the URL, your network and --proxy", "--force");
        r.prints("unreachable: no-such-host.invalid");
        assertEquals(before, state());
    }

    @Test
    void aRejectedKeyIsRefusedWithNothingSaved() {
        var site = relay();
        relay.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
        var before = state();
        var r = sb("channels", "add", "bad", "--url", site + "/v1", "--key", KEY2);
        r.fails(Main.FAILURE, "Channel 'bad' was not added", "the upstream rejected the key",
                "answered HTTP 401", "Check the key", "--force");
        r.prints("key rejected");
        assertFalse(r.out().toLowerCase(java.util.Locale.ROOT).contains(" failed"), r::toString);
        assertEquals(before, state());
    }

    @Test
    void aRejectedKeyWithATypeGivenIsRefusedToo() {
        var site = relay();
        relay.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
        var before = state();
        sb("channels", "add", "bad", "--type", "openai", "--url", site + "/v1", "--key", KEY2)
                .fails(Main.FAILURE, "was not added", "rejected the key");
        assertEquals(before, state());
    }

    @Test
    void forceSavesWhatWouldBeRefusedAndSaysSo() {
        var site = relay();
        relay.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
        sb("channels", "add", "bad", "--url", site + "/v1", "--key", KEY2, "--force").ok()
                .prints("Added channel 'bad' (openai", "Saved with --force although the upstream rejected the key");
        sb("channels", "add", "gone", "--url", "https://no-such-host.invalid/v1", "--key", KEY1, "--force").ok()
                .prints("Added channel 'gone'", "could not be reached");
        assertEquals("openai", showJson("bad").get("type").asText());
        assertEquals("https://no-such-host.invalid/v1", showJson("gone").get("baseUrl").asText());
    }

    @Test
    void addWithTypeOnlyFetchesTheModelList() {
        var site = needsV1Relay();
        var r = sb("channels", "add", "relay", "--type", "openai", "--url", site + "/v1", "--key", KEY1).ok();
        r.prints("Model list: 2 models from " + site + "/v1/models", "It lists 2 models");
        assertFalse(r.out().contains("Detect"), r::toString);
        assertFalse(relay.getAllServeEvents().stream().anyMatch(e -> e.getRequest().getUrl().contains("v1beta")),
                "no other type was probed");
    }

    @Test
    void modelsListsFetchesAndAddsThem() {
        var site = needsV1Relay();
        sb("channels", "add", "relay", "--type", "openai", "--url", site + "/v1", "--key", KEY1, "-m", "gpt-4o").ok();
        // CliRun's clock is 2025-01-15: gpt-4o-mini (July 2024) is within the default 6 recent months
        sb("channels", "models", "relay").ok().prints("2 models from", "* gpt-4o", "+ gpt-4o-mini");
        sb("channels", "models", "relay", "--add").ok().prints("Added 1 model to 'relay' and `auto`: gpt-4o-mini",
                "1 already there");
        assertEquals(List.of("gpt-4o", "gpt-4o-mini"), texts(showJson("relay").get("models")));
    }

    @Test
    void modelsProposesRecentOnesByTheCatalogsReleaseDatesAndAddsJustThose() {
        var site = relay();
        relay.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"claude-3-5-sonnet-20241022\",\"object\":\"model\"},"
                + "{\"id\":\"gpt-3.5-turbo\",\"object\":\"model\"},"
                + "{\"id\":\"house-model\",\"object\":\"model\"}]}")));
        sb("channels", "add", "relay", "--type", "openai", "--url", site + "/v1", "--key", KEY1).ok();

        // house-model is new to the catalog and the relay dates nothing: most likely newer than the catalog
        sb("channels", "models", "relay").ok().prints("+ claude-3-5-sonnet-20241022", "2024-10-22",
                "  gpt-3.5-turbo", "+ house-model  (new to the catalog)", "--add-recent");
        sb("channels", "models", "relay", "--add-recent").ok().prints("Added 2 models", "claude-3-5-sonnet-20241022",
                "house-model");

        assertEquals(List.of("claude-3-5-sonnet-20241022", "house-model"), texts(showJson("relay").get("models")));
        sb("settings", "set", "recent-months", "12").ok();
        sb("channels", "models", "relay").ok().prints("* claude-3-5-sonnet-20241022", "  gpt-3.5-turbo");
    }

    @Test
    void modelsTheCatalogDoesNotKnowAreProposedByTheUpstreamsOwnDates() {
        var site = relay();
        // CliRun's clock is 2025-01-15: December 2024 is recent, 2023 is not
        relay.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"house-new\",\"object\":\"model\",\"created\":1733011200},"
                + "{\"id\":\"house-old\",\"object\":\"model\",\"created\":1682899200}]}")));
        sb("channels", "add", "relay", "--type", "openai", "--url", site + "/v1", "--key", KEY1).ok()
                .prints("the 1 proposed (recent) ones");
        sb("channels", "models", "relay").ok().prints("+ house-new  (not in the catalog; the upstream dates it 2024-12-01)",
                "  house-old  (not in the catalog; the upstream dates it 2023-05-01)");
        sb("channels", "models", "relay", "--add-recent").ok().prints("Added 1 model", "house-new");
    }

    @Test
    void modelsCanBeAddedByHandWhenTheRelayHasNoList() {
        var site = relay();
        sb("channels", "add", "bare", "--type", "openai", "--url", site + "/v1", "--key", KEY1).ok()
                .prints("no model list", "by hand");
        sb("channels", "models", "bare", "--add").fails(Main.FAILURE, "No models to add", "--add MODEL");
        sb("channels", "models", "bare", "--add", "my-model", "other-model").ok()
                .prints("Added 2 models to 'bare'", "my-model", "other-model");
        assertEquals(List.of("my-model", "other-model"), texts(showJson("bare").get("models")));
    }

    @Test
    void modelsWithARejectedKeyFailsSayingSo() {
        var site = relay();
        relay.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
        sb("channels", "add", "--force", "bad", "--type", "openai", "--url", site + "/v1", "--key", KEY2).ok();
        var r = sb("channels", "models", "bad");
        assertEquals(Main.FAILURE, r.code(), r::toString);
        r.prints("key rejected", site + "/v1/models");
    }
}
