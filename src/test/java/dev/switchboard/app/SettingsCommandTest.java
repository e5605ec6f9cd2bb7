package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code switchboard settings …} end to end. */
class SettingsCommandTest {
    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    private String state() {
        return CliRun.state(dir);
    }

    @Test
    void listShowsEverySettingWithItsDefaultAndMeaningWithinAHundredColumns() {
        var out = sb("settings", "list").ok().out();
        var lines = out.lines().toList();
        for (var line : lines) {
            assertTrue(line.length() <= 100, () -> line.length() + " columns: " + line);
        }
        var words = String.join(" ", out.split("\\s+"));
        for (var s : Setting.values()) {
            assertTrue(words.contains(s.key() + " ") && words.substring(words.indexOf(s.key() + " "))
                    .split("\\(default\\)", 2)[0].length() < 400, () -> s.key() + " missing from:\n" + out);
            assertTrue(words.contains(String.join(" ", s.description().split("\\s+"))),
                    () -> s.key() + "'s meaning missing from:\n" + out);
        }
        var expected = Map.of("port", "9090", "bind", "127.0.0.1", "cooldown-seconds", "300", "max-attempts", "5",
                "auto-disable-statuses", "401,403,410", "fallback-to-auto", "true");
        expected.forEach((k, v) -> assertTrue(lines.stream().anyMatch(l -> l.matches(k + "\\s+" + v + "\\s+\\(default\\).*")),
                () -> k + " = " + v + " missing from:\n" + out));
    }

    @Test
    void listJsonHasEveryKeyWithItsValue() {
        var json = sb("settings", "list", "--json").ok().json();
        var keys = new ArrayList<String>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(Setting.values().length, keys.size(), keys::toString);
        for (var s : Setting.values()) {
            assertEquals(s.defaultValue(), json.get(s.key()).asText(), s.key());
        }
        assertEquals("9090", json.get("port").asText());
        assertEquals("401,403,410", json.get("auto-disable-statuses").asText());
    }

    @Test
    void getPrintsJustTheValue() {
        assertEquals("9090", sb("settings", "get", "port").ok().out().strip());
        assertEquals("127.0.0.1", sb("settings", "get", "BIND").ok().out().strip());
        assertEquals("300", sb("settings", "get", "cooldown_seconds").ok().out().strip(), "'_' works like '-'");
    }

    @Test
    void setStoresTheNormalizedValue() {
        sb("settings", "set", "bind", "localhost").ok()
                .prints("bind = 127.0.0.1", "takes effect when the gateway starts next");
        assertEquals("127.0.0.1", sb("settings", "get", "bind").ok().out().strip());
        sb("settings", "set", "fallback-to-auto", "no").ok().prints("fallback-to-auto = false");
        assertEquals("false", sb("settings", "get", "fallback-to-auto").ok().out().strip());
        sb("settings", "set", "auto-disable-statuses", " 401, 402 ,401,429 ").ok();
        assertEquals("401,402,429", sb("settings", "get", "auto-disable-statuses").ok().out().strip());
        sb("settings", "set", "port", "08080").ok();

        var json = sb("settings", "list", "--json").ok().json();
        assertEquals("8080", json.get("port").asText());
        assertEquals("false", json.get("fallback-to-auto").asText());
        assertEquals("300", json.get("cooldown-seconds").asText(), "others untouched");
        var portLine = sb("settings", "list").ok().out().lines().filter(l -> l.startsWith("port ")).findFirst().orElseThrow();
        assertTrue(portLine.matches("port\\s+8080\\s+\\(default: 9090\\)"), "a changed setting shows its default: " + portLine);
    }

    @Test
    void onlyPortAndBindMentionARestart() {
        var r = sb("settings", "set", "max-attempts", "3").ok();
        assertEquals("max-attempts = 3", r.out().strip());
        sb("settings", "set", "port", "9191").ok().prints("port = 9191 (takes effect when the gateway starts next)");
    }

    @Test
    void resetGoesBackToTheDefault() {
        sb("settings", "set", "cooldown-seconds", "60").ok();
        assertEquals("60", sb("settings", "get", "cooldown-seconds").ok().out().strip());
        sb("settings", "reset", "cooldown-seconds").ok().prints("cooldown-seconds = 300 (default)");
        assertEquals("300", sb("settings", "get", "cooldown-seconds").ok().out().strip());
        assertTrue(sb("settings", "list").ok().out().lines()
                .anyMatch(l -> l.matches("cooldown-seconds\\s+300\\s+\\(default\\).*")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "port                  | 70000       | 1 to 65535",
            "port                  | abc         | not a whole number",
            "port                  | 0           | 1 to 65535",
            "bind                  | nothost     | 127.0.0.1",
            "cooldown-seconds      | -5          | 0 to 86400",
            "max-attempts          | 0           | 1 to 50",
            "auto-disable-statuses | 401,99      | 100 to 599",
            "fallback-to-auto      | maybe       | true or false",
            "outbound-proxy        | ftp://x:21  | socks5://host:port",
            "recent-months         | 5           | 3, 6, 12"})
    void badValueIsAUsageErrorNamingTheKeyAndWhatIsAccepted(String key, String value, String accepted) {
        sb("settings", "set", "max-attempts", "7").ok();
        var before = state();
        sb("settings", "set", key, value).fails(Main.USAGE, "Invalid value for " + key, accepted);
        assertEquals(before, state());
    }

    @Test
    void badProxySettingDoesNotShowItsPassword() {
        var before = state();
        var r = sb("settings", "set", "outbound-proxy", "socks5://me:pw-SECRET-123456@proxy.local")
                .fails(Main.USAGE, "Invalid value for outbound-proxy", "socks5://host:port");
        assertFalse(r.err().contains("pw-SECRET-123456"), r::toString);
        assertEquals(before, state());
    }

    @Test
    void proxyPasswordIsStoredButNeverPrinted() {
        var set = sb("settings", "set", "outbound-proxy", "socks5://me:pw-test-secret-1@proxy.local:1080").ok();

        set.prints("outbound-proxy = socks5://me:****@proxy.local:1080");
        var shown = set.out() + sb("settings", "get", "outbound-proxy").ok().out()
                + sb("settings", "list").ok().out() + sb("settings", "list", "--json").ok().out();
        assertFalse(shown.contains("pw-test-secret-1"), shown);
        try (var store = dev.switchboard.store.Store.open(dir, dev.switchboard.store.Database.Check.QUICK,
                java.time.Clock.systemUTC())) {
            assertEquals("socks5://me:pw-test-secret-1@proxy.local:1080", store.settings().load().outboundProxy());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "set", "reset"})
    void unknownKeyFailsListingTheKnownKeys(String command) {
        var before = state();
        var args = command.equals("set") ? new String[] {"settings", "set", "prot", "9090"}
                : new String[] {"settings", command, "prot"};
        var r = sb(args).fails(Main.FAILURE, "There is no setting 'prot'", "Known settings:");
        for (var s : Setting.values()) {
            CliRun.says(r.err(), s.key());
        }
        assertEquals(before, state());
    }

    @Test
    void setWithoutValueIsAUsageError() {
        var before = state();
        sb("settings", "set", "port").fails(Main.USAGE, "Missing required parameter", "VALUE", "settings set --help");
        assertEquals(before, state());
    }
}
