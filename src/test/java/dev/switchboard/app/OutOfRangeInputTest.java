package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every number the command line takes is checked before anything is written: the person is told what is
 * accepted, the exit code is 2 (a usage error), and the database, the data folder and its log stay as they were.
 */
class OutOfRangeInputTest {
    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void aChannelWithTwoModels() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "--type", "openai", "-m", "a", "-m", "b").ok();
        sb("settings", "set", "max-attempts", "7").ok();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999", "65536", "0", "-1", "abc", "1.5", "9090x"})
    void refusesAnOutOfRangePortWithoutTouchingTheDatabase(String port) {
        var before = CliRun.state(dir);
        sb("settings", "set", "port", port).fails(Main.USAGE, "Invalid value for port", "1 to 65535");
        assertEquals(before, CliRun.state(dir));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cooldown-seconds           | -1     | 0 to 86400",
            "cooldown-seconds           | 86401  | 0 to 86400",
            "max-attempts               | 0      | 1 to 50",
            "max-attempts               | 51     | 1 to 50",
            "connect-timeout-seconds    | 0      | 1 to 300",
            "connect-timeout-seconds    | 301    | 1 to 300",
            "first-byte-timeout-seconds | 0      | 1 to 3600",
            "first-byte-timeout-seconds | 3601   | 1 to 3600",
            "idle-timeout-seconds       | -5     | 1 to 3600",
            "idle-timeout-seconds       | lots   | 1 to 3600",
            "auto-disable-statuses      | 401,99 | 100 to 599",
            "auto-disable-statuses      | 600    | 100 to 599",
            "recent-months              | 0      | 3, 6, 12"})
    void refusesEveryOtherOutOfRangeSettingWithoutTouchingTheDatabase(String key, String value, String accepted) {
        var before = CliRun.state(dir);
        sb("settings", "set", key, value).fails(Main.USAGE, "Invalid value for " + key, accepted);
        assertEquals(before, CliRun.state(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999", "65536", "-1", "abc"})
    void refusesAnOutOfRangeServePortBeforeCreatingTheDataFolder(String port) {
        var fresh = dir.resolve("fresh");
        var r = CliRun.run(fresh, "serve", "--headless", "--port", port);
        r.fails(Main.USAGE, "Invalid value for option '--port'", "1 to 65535", "0 means any free port",
                "switchboard serve --help");
        assertFalse(Files.exists(fresh), "nothing is written anywhere: " + r);
    }

    @Test
    void refusesAnOutOfRangePortOfTheGatewayWithoutACommandToo() {
        var before = CliRun.state(dir);
        sb("--headless", "--port", "99999").fails(Main.USAGE, "Invalid value for option '--port'", "1 to 65535");
        assertFalse(Files.exists(dir.resolve("logs")), "not even the gateway's log is started");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesAMalformedBindAddressBeforeOpeningTheDatabase() {
        var fresh = dir.resolve("fresh");
        CliRun.run(fresh, "serve", "--headless", "--bind", "nothost").fails(Main.USAGE,
                "Invalid value for option '--bind'", "not an IP address");
        assertFalse(Files.exists(fresh));
    }

    @Test
    void refusesGatewayOptionsGivenBeforeAnotherCommandWithoutRunningIt() {
        var before = CliRun.state(dir);
        sb("--port", "9091", "channels", "add", "--force", "other", "--url", "https://other.example.com/v1", "--key",
                "sk-other-0000000001", "--type", "openai")
                .fails(Main.USAGE, "--port is an option of running the gateway", "does nothing for `channels`",
                        "switchboard serve --port");
        sb("--headless", "settings", "set", "port", "9091").fails(Main.USAGE, "--headless", "`settings`");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void aGatewayOptionBeforeServeSaysToGiveItAfterServe() {
        var fresh = dir.resolve("fresh");
        CliRun.run(fresh, "--port", "9091", "serve", "--headless")
                .fails(Main.USAGE, "give it after `serve`", "switchboard serve --port");
        assertFalse(Files.exists(fresh));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "601", "99999999"})
    void refusesAnOutOfRangeSpeedTestBoundWithoutTesting(String seconds) {
        var before = CliRun.state(dir);
        sb("test", "--timeout-seconds", seconds).fails(Main.USAGE, "--timeout-seconds", "1 to 600 seconds",
                "switchboard test --help");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesAGroupPositionOutOfRangeWithoutMovingAnything() {
        var before = CliRun.state(dir);
        sb("groups", "move", "auto", "relay/a", "0").fails(Main.USAGE, "Position 0 is out of range", "1 to 2");
        sb("groups", "move", "auto", "relay/a", "3").fails(Main.USAGE, "Position 3 is out of range", "1 to 2");
        sb("groups", "move", "auto", "relay/a", "-1").fails(Main.USAGE, "1 to 2");
        sb("groups", "move", "auto", "relay/a", "x").fails(Main.USAGE, "'x' is not an int");
        sb("groups", "create", "fast").ok();
        var withFast = CliRun.state(dir);
        sb("groups", "add", "fast", "relay/a", "--position", "2").fails(Main.USAGE, "Position 2", "1 to 1");
        assertEquals(withFast, CliRun.state(dir));
        sb("groups", "delete", "fast").ok();
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesAKeyPositionOutOfRangeWithoutEditingTheChannel() {
        var before = CliRun.state(dir);
        sb("channels", "edit", "relay", "--remove-key", "2").fails(Main.USAGE, "--remove-key 2", "1 to 1");
        sb("channels", "edit", "relay", "--remove-key", "0").fails(Main.USAGE, "--remove-key 0", "1 to 1");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesABadSettingBeforeMakingTheDataFolder() {
        var r = CliRun.runRaw(Map.of(), dir.resolve("user"), "", "--data-dir", dir.resolve("d").toString(),
                "settings", "set", "port", "70000");
        r.fails(Main.USAGE, "70000 is out of range");
        assertFalse(Files.exists(dir.resolve("d")), "refused before the data folder is made");
    }
}
