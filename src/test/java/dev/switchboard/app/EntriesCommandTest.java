package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code switchboard entries …} end to end, on two channels: relay and other. */
class EntriesCommandTest {
    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    private String state() {
        return CliRun.state(dir);
    }

    @BeforeEach
    void twoChannels() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001").ok();
        sb("channels", "add", "--force", "other", "--url", "https://other.example.com/v1", "--key", "sk-other-0000000001").ok();
    }

    private List<String> auto() {
        return texts(sb("groups", "list", "--json").ok().json().get(0).get("members"));
    }

    private JsonNode entries() {
        return sb("entries", "list", "--json").ok().json();
    }

    private JsonNode entry(String ref) {
        for (var e : entries()) {
            if (e.get("ref").asText().equals(ref)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + ref + " in " + entries());
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- add

    @Test
    void addOneModelJoinsAutoAtTheEnd() {
        sb("entries", "add", "other", "first").ok();
        sb("entries", "add", "relay", "gpt-4o").ok().prints("Added relay/gpt-4o, last in `auto`.");
        assertEquals(List.of("other/first", "relay/gpt-4o"), auto());
        var e = entry("relay/gpt-4o");
        assertEquals("relay", e.get("channel").asText());
        assertEquals("gpt-4o", e.get("model").asText());
        assertTrue(e.get("alias").isNull());
        assertTrue(e.get("enabled").asBoolean());
        assertEquals("ok", e.get("health").asText());
        assertEquals(List.of("auto"), texts(e.get("groups")));
    }

    @Test
    void addSeveralModelsAddsThemAllInTheOrderGiven() {
        var out = sb("entries", "add", "relay", "c-model", "a-model", "b-model").ok().out();
        assertEquals(3, out.lines().count(), out);
        CliRun.says(out, "Added relay/c-model", "Added relay/a-model", "Added relay/b-model");
        assertEquals(List.of("relay/c-model", "relay/a-model", "relay/b-model"), auto());
        assertEquals(3, entries().size());
    }

    @Test
    void modelsIsAnAliasOfEntries() {
        sb("models", "add", "relay", "gpt-4o").ok();
        assertEquals(1, entries().size());
    }

    @Test
    void addWithAliasMakesTheEntryReachableByIt() {
        sb("entries", "add", "relay", "gpt-4o", "--alias", "fast").ok().prints("Added relay/gpt-4o (alias fast)");
        assertEquals("fast", entry("relay/gpt-4o").get("alias").asText());
        sb("entries", "disable", "FAST").ok().prints("relay/gpt-4o is disabled.");
        assertFalse(entry("relay/gpt-4o").get("enabled").asBoolean());
    }

    @Test
    void aliasWithSeveralModelsIsAUsageErrorAndAddsNothing() {
        var before = state();
        sb("entries", "add", "relay", "a", "b", "--alias", "x")
                .fails(Main.USAGE, "--alias needs exactly one model", "2 were given", "switchboard entries add --help");
        assertEquals(before, state());
    }

    @Test
    void noAutoKeepsTheEntryOutOfAuto() {
        sb("entries", "add", "relay", "private", "--no-auto").ok().prints("Added relay/private.");
        assertEquals(List.of(), auto());
        assertEquals(List.of(), texts(entry("relay/private").get("groups")));
    }

    @Test
    void addWithoutModelIsAUsageError() {
        var before = state();
        sb("entries", "add", "relay").fails(Main.USAGE, "Missing required parameter", "MODEL", "--help");
        assertEquals(before, state());
    }

    @Test
    void addToAnUnknownChannelFailsListingTheChannels() {
        var before = state();
        sb("entries", "add", "nope", "gpt-4o").fails(Main.FAILURE, "no channel named 'nope'", "Channels: other, relay");
        assertEquals(before, state());
    }

    @Test
    void duplicateModelOnTheSameChannelIsRefused() {
        sb("entries", "add", "relay", "gpt-4o").ok();
        var before = state();
        sb("entries", "add", "RELAY", "gpt-4o")
                .fails(Main.FAILURE, "Channel 'relay' already has model 'gpt-4o'", "entries list");
        assertEquals(before, state());
    }

    @Test
    void sameModelOnAnotherChannelIsFine() {
        sb("entries", "add", "relay", "gpt-4o").ok();
        sb("entries", "add", "other", "gpt-4o").ok();
        assertEquals(List.of("relay/gpt-4o", "other/gpt-4o"), auto());
    }

    @Test
    void addingSeveralModelsWhereOneIsADuplicateAddsNoneOfThem() {
        sb("entries", "add", "relay", "b").ok();
        var before = state();
        sb("entries", "add", "relay", "a", "b", "c")
                .fails(Main.FAILURE, "already has model 'b'", "None of the 3 models was added");
        assertEquals(before, state(), "all or nothing: 'a' must not stay behind");
        sb("entries", "add", "relay", "x", "y", "x").fails(Main.FAILURE, "already has model 'x'");
        assertEquals(before, state());
    }

    @Test
    void addingSeveralModelsWhereOneIsInvalidAddsNoneOfThem() {
        var before = state();
        sb("entries", "add", "relay", "a", " ", "c").fails(Main.USAGE, "model name is needed", "None of the 3");
        assertEquals(before, state());
    }

    @Test
    void aliasThatIsAGroupNameIsRefused() {
        var before = state();
        sb("entries", "add", "relay", "gpt-4o", "--alias", "AUTO")
                .fails(Main.FAILURE, "'AUTO' is the name of a group", "Pick another alias");
        assertEquals(before, state());
    }

    // ---- list

    @Test
    void listWithoutEntriesSaysHowToAddThem() {
        sb("entries", "list").ok().prints("No entries yet", "switchboard --data-dir " + dir + " entries add <channel> <model>");
        sb("entries", "list", "--channel", "relay").ok().prints("Channel 'relay' has no models yet.");
        assertEquals(0, entries().size());
    }

    @Test
    void listTableShowsEachEntryWithAliasStateHealthAndGroups() {
        sb("entries", "add", "relay", "gpt-4o", "--alias", "fast").ok();
        sb("entries", "add", "relay", "hidden", "--no-auto").ok();
        sb("entries", "add", "other", "claude").ok();
        sb("entries", "disable", "relay/hidden").ok();
        var lines = sb("entries", "list").ok().out().lines().toList();
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("ENTRY\\s+ALIAS\\s+ENABLED\\s+HEALTH\\s+GROUPS"), lines::toString);
        assertTrue(lines.get(1).matches("other/claude\\s+-\\s+yes\\s+ok\\s+auto"), lines::toString);
        assertTrue(lines.get(2).matches("relay/gpt-4o\\s+fast\\s+yes\\s+ok\\s+auto"), lines::toString);
        assertTrue(lines.get(3).matches("relay/hidden\\s+-\\s+no\\s+ok\\s+-"), lines::toString);
    }

    @Test
    void listChannelFilterShowsOnlyThatChannelsEntries() {
        sb("entries", "add", "relay", "a", "b").ok();
        sb("entries", "add", "other", "c").ok();
        var only = sb("entries", "list", "--channel", "Other", "--json").ok().json();
        assertEquals(1, only.size());
        assertEquals("other/c", only.get(0).get("ref").asText());
        var out = sb("entries", "list", "-c", "relay").ok().out();
        CliRun.says(out, "relay/a", "relay/b");
        assertFalse(out.contains("other/c"), out);
    }

    @Test
    void listWithAnUnknownChannelFailsListingTheChannels() {
        sb("entries", "list", "--channel", "nope").fails(Main.FAILURE, "no channel named 'nope'", "Channels: other, relay");
    }

    // ---- enable, disable

    @Test
    void disableAndEnableSwitchTheEntryAndKeepItInItsGroups() {
        sb("entries", "add", "relay", "gpt-4o").ok();
        sb("entries", "disable", "relay/gpt-4o").ok().prints("relay/gpt-4o is disabled.");
        assertFalse(entry("relay/gpt-4o").get("enabled").asBoolean());
        assertEquals(List.of("relay/gpt-4o"), auto(), "a disabled entry keeps its place");
        CliRun.says(sb("groups", "show", "auto").ok().out(), "1. relay/gpt-4o (disabled)");
        sb("entries", "enable", "relay/GPT-4O").ok().prints("relay/gpt-4o is enabled.");
        assertTrue(entry("relay/gpt-4o").get("enabled").asBoolean());
    }

    // ---- alias

    @Test
    void aliasSetsAndClearsTheOtherName() {
        sb("entries", "add", "relay", "claude-sonnet-4-5").ok();
        sb("entries", "alias", "relay/claude-sonnet-4-5", "sonnet").ok()
                .prints("relay/claude-sonnet-4-5 is also called sonnet.");
        assertEquals("sonnet", entry("relay/claude-sonnet-4-5").get("alias").asText());
        sb("entries", "alias", "sonnet", "--clear").ok().prints("relay/claude-sonnet-4-5 has no alias now.");
        assertTrue(entry("relay/claude-sonnet-4-5").get("alias").isNull());
    }

    @Test
    void aliasNeedsEitherAValueOrClearButNotBoth() {
        sb("entries", "add", "relay", "gpt-4o", "--alias", "fast").ok();
        var before = state();
        sb("entries", "alias", "relay/gpt-4o").fails(Main.USAGE, "Give the ALIAS to set, or --clear", "--help");
        sb("entries", "alias", "relay/gpt-4o", "quick", "--clear").fails(Main.USAGE, "either an ALIAS or --clear");
        assertEquals(before, state());
    }

    // ---- remove

    @Test
    void removeDeletesTheEntryFromItsChannelAndEveryGroup() {
        sb("entries", "add", "relay", "a", "b").ok();
        sb("groups", "create", "fast").ok();
        sb("groups", "add", "fast", "relay/a").ok();
        sb("entries", "remove", "relay/a").ok().prints("Removed relay/a.");
        assertEquals(List.of("relay/b"), auto());
        assertEquals(List.of(), texts(sb("groups", "list", "--json").ok().json().get(1).get("members")));
        assertEquals(1, entries().size());
        sb("entries", "rm", "b").ok().prints("Removed relay/b.");
        assertEquals(0, entries().size());
    }

    // ---- references

    @Test
    void modelNamesWithSlashesAreReferredToAfterTheChannelsName() {
        sb("entries", "add", "relay", "deepseek-ai/DeepSeek-V3.2").ok().prints("Added relay/deepseek-ai/DeepSeek-V3.2");
        var e = entry("relay/deepseek-ai/DeepSeek-V3.2");
        assertEquals("relay", e.get("channel").asText());
        assertEquals("deepseek-ai/DeepSeek-V3.2", e.get("model").asText());
        sb("entries", "disable", "relay/deepseek-ai/DeepSeek-V3.2").ok();
        sb("entries", "alias", "relay/deepseek-ai/deepseek-v3.2", "ds").ok(); // case-insensitive model
        sb("groups", "move", "auto", "relay/deepseek-ai/DeepSeek-V3.2", "1").ok();
        sb("entries", "remove", "deepseek-ai/DeepSeek-V3.2").ok().prints("Removed relay/deepseek-ai/DeepSeek-V3.2.");
        assertEquals(0, entries().size());
    }

    @Test
    void bareModelNameServedByTwoChannelsIsAmbiguous() {
        sb("entries", "add", "relay", "gpt-4o").ok();
        sb("entries", "add", "other", "gpt-4o").ok();
        var before = state();
        for (var command : List.of("disable", "enable", "remove")) {
            sb("entries", command, "gpt-4o").fails(Main.FAILURE, "'gpt-4o' is served by 2 entries",
                    "other/gpt-4o", "relay/gpt-4o", "<channel>/<model>");
        }
        assertEquals(before, state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"disable", "enable", "remove", "alias"})
    void unknownEntryFailsSayingHowToReferToEntries(String command) {
        sb("entries", "add", "relay", "gpt-4o").ok();
        var before = state();
        var extra = command.equals("alias") ? new String[] {"x"} : new String[0];
        sb(concat(new String[] {"entries", command, "nope"}, extra))
                .fails(Main.FAILURE, "no entry 'nope'", "<channel>/<model>", "entries list");
        sb(concat(new String[] {"entries", command, "relay/nope"}, extra))
                .fails(Main.FAILURE, "Channel 'relay' has no model 'nope'", "entries list");
        sb(concat(new String[] {"entries", command, "ghost/gpt-4o"}, extra))
                .fails(Main.FAILURE, "no channel named 'ghost'", "Channels: other, relay");
        assertEquals(before, state());
    }

    private static String[] concat(String[] a, String[] b) {
        var out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void listMasksAKeyInADisabledReasonStoredBeforeReasonsWereRedacted() throws Exception {
        var key = "0123456789abcdef" + "fedcba9876543210"; // a bare hex key: no pattern knows its shape
        sb("channels", "add", "--force", "hex", "--url", "https://hex.example.test/v1", "--key", key).ok();
        sb("entries", "add", "hex", "m").ok();
        // as an older Switchboard left it: the upstream's echo of the key, stored as it came
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
             var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO health (entry_id, disabled_reason, consecutive_failures, updated_at)"
                    + " SELECT id, 'HTTP 401: no account for " + key + "', 1, 0 FROM entry WHERE model = 'm'");
        }

        var masked = dev.switchboard.store.ApiKey.mask(key);
        sb("entries", "list").ok().hides(key).prints("disabled: HTTP 401: no account for " + masked);
        assertEquals("disabled: HTTP 401: no account for " + masked, entry("hex/m").get("health").asText());
    }
}
