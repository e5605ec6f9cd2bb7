package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code switchboard groups …} end to end. */
class GroupsCommandTest {
    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    private String state() {
        return CliRun.state(dir);
    }

    /** Channel relay with models a, b, c, all in auto in that order. */
    private void threeEntries() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "-m", "a", "-m", "b", "-m", "c").ok();
    }

    private List<String> members(String group) {
        for (var g : sb("groups", "list", "--json").ok().json()) {
            if (g.get("name").asText().equals(group)) {
                return texts(g.get("members"));
            }
        }
        throw new AssertionError("no group " + group);
    }

    /** The refs as `groups show` numbers them, checking the numbering on the way. */
    private List<String> shown(String group) {
        var lines = sb("groups", "show", group).ok().out().lines().toList();
        var refs = new ArrayList<String>();
        for (int i = 1; i < lines.size(); i++) {
            var m = java.util.regex.Pattern.compile("\\s*(\\d+)\\. (\\S+).*").matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(i, Integer.parseInt(m.group(1)), lines::toString);
            refs.add(m.group(2));
        }
        return refs;
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void autoAlwaysExistsEvenInANewDatabase() {
        var lines = sb("groups", "list").ok().out().lines().toList();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("GROUP\\s+MEMBERS\\s+ORDER"), lines::toString);
        assertTrue(lines.get(1).matches("auto\\s+0\\s+-"), lines::toString);
        var json = sb("groups", "list", "--json").ok().json();
        assertEquals(1, json.size());
        assertEquals("auto", json.get(0).get("name").asText());
        assertTrue(json.get(0).get("builtin").asBoolean());
        sb("groups", "show", "auto").ok().prints("auto (built in): 0 members");
    }

    @Test
    void listShowsMembersInOrder() {
        threeEntries();
        CliRun.says(sb("groups", "list").ok().out(), "auto   3        relay/a, relay/b, relay/c");
        assertEquals(List.of("relay/a", "relay/b", "relay/c"), members("auto"));
    }

    @Test
    void listShortensLongGroups() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "-m", "a", "-m", "b", "-m", "c", "-m", "d", "-m", "e").ok();
        CliRun.says(sb("groups", "list").ok().out(), "auto   5        relay/a, relay/b, relay/c, relay/d, …");
    }

    @Test
    void createAndDeleteAGroupLeavesItsEntriesAlone() {
        threeEntries();
        sb("groups", "create", "fast").ok().prints("Created group 'fast'", "switchboard --data-dir " + dir + " groups add fast");
        sb("groups", "add", "fast", "relay/b").ok();
        var json = sb("groups", "list", "--json").ok().json();
        assertEquals(2, json.size());
        assertEquals("fast", json.get(1).get("name").asText());
        assertFalse(json.get(1).get("builtin").asBoolean());
        sb("groups", "show", "FAST").ok().prints("fast: 1 member", "1. relay/b");

        sb("groups", "delete", "fast").ok().prints("Deleted group 'fast'.");
        assertEquals(1, sb("groups", "list", "--json").ok().json().size());
        assertEquals(3, sb("entries", "list", "--json").ok().json().size());
        assertEquals(List.of("relay/a", "relay/b", "relay/c"), members("auto"));
    }

    @Test
    void autoCannotBeDeleted() {
        threeEntries();
        var before = state();
        sb("groups", "delete", "Auto").fails(Main.FAILURE, "'auto' group is built in", "cannot be deleted",
                "disable entries instead");
        assertEquals(before, state());
    }

    @Test
    void addPutsTheEntryAtTheEndOrAtTheGivenPosition() {
        threeEntries();
        sb("groups", "create", "fast").ok();
        sb("groups", "add", "fast", "relay/a").ok().prints("Added relay/a to position 1 of 1 in 'fast'.");
        sb("groups", "add", "fast", "relay/b").ok().prints("Added relay/b to position 2 of 2 in 'fast'.");
        sb("groups", "add", "fast", "relay/c", "--position", "1").ok().prints("Added relay/c to position 1 of 3");
        assertEquals(List.of("relay/c", "relay/a", "relay/b"), members("fast"));
        assertEquals(List.of("relay/c", "relay/a", "relay/b"), shown("fast"));
    }

    @Test
    void addingAMemberTwiceIsRefusedPointingAtMove() {
        threeEntries();
        var before = state();
        sb("groups", "add", "auto", "relay/a").fails(Main.FAILURE, "relay/a is already in group 'auto'", "groups move");
        assertEquals(before, state());
    }

    @Test
    void removeTakesTheEntryOutOfTheGroupOnly() {
        threeEntries();
        sb("groups", "remove", "auto", "relay/b").ok().prints("Removed relay/b from 'auto'.");
        assertEquals(List.of("relay/a", "relay/c"), members("auto"));
        assertEquals(3, sb("entries", "list", "--json").ok().json().size(), "the entry stays");
        sb("groups", "rm", "auto", "relay/a").ok();
        assertEquals(List.of("relay/c"), members("auto"));
    }

    @Test
    void removingANonMemberFailsAndSaysWhereToLook() {
        threeEntries();
        sb("groups", "remove", "auto", "relay/b").ok();
        var before = state();
        sb("groups", "remove", "auto", "relay/b").fails(Main.FAILURE, "relay/b is not in group 'auto'", "groups show auto");
        sb("groups", "move", "auto", "relay/b", "1").fails(Main.FAILURE, "not in group 'auto'", "groups add auto relay/b");
        assertEquals(before, state());
    }

    @Test
    void moveToFirstAndToLastKeepsTheOthersInOrder() {
        threeEntries();
        sb("groups", "move", "auto", "relay/c", "1").ok().prints("Moved relay/c to position 1 of 3 in 'auto'.");
        assertEquals(List.of("relay/c", "relay/a", "relay/b"), shown("auto"));
        sb("groups", "move", "auto", "relay/c", "3").ok().prints("Moved relay/c to position 3 of 3");
        assertEquals(List.of("relay/a", "relay/b", "relay/c"), shown("auto"));
        sb("groups", "move", "auto", "relay/a", "2").ok();
        assertEquals(List.of("relay/b", "relay/a", "relay/c"), members("auto"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "groups move auto relay/a 0              | Position 0 is out of range   | use 1 to 3",
            "groups move auto relay/a 4              | Position 4 is out of range   | use 1 to 3",
            "groups move auto relay/a -1             | out of range                 | use 1 to 3",
            "groups add fast relay/a --position 0    | Position 0 is out of range   | use 1 to 2",
            "groups add fast relay/a --position 3    | Position 3 is out of range   | use 1 to 2",
            "groups move auto relay/a first          | 'first' is not an int        | groups move --help",
            "groups add fast relay/a --position last | 'last' is not an int         | groups add --help"})
    void positionOutOfRangeIsAUsageError(String line, String what, String todo) {
        threeEntries();
        sb("groups", "create", "fast").ok();
        sb("groups", "add", "fast", "relay/b").ok();
        var before = state();
        sb(line.split(" ")).fails(Main.USAGE, what, todo);
        assertEquals(before, state());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "groups show nope",
            "groups delete nope",
            "groups add nope relay/a",
            "groups remove nope relay/a",
            "groups move nope relay/a 1"})
    void unknownGroupFailsListingTheGroupsThereAre(String line) {
        threeEntries();
        sb("groups", "create", "fast").ok();
        var before = state();
        sb(line.split(" ")).fails(Main.FAILURE, "no group named 'nope'", "Groups: auto, fast", "groups create");
        assertEquals(before, state());
    }

    @Test
    void unknownEntryInAGroupCommandFails() {
        threeEntries();
        var before = state();
        sb("groups", "add", "auto", "relay/zzz").fails(Main.FAILURE, "Channel 'relay' has no model 'zzz'", "entries list");
        sb("groups", "move", "auto", "zzz", "1").fails(Main.FAILURE, "no entry 'zzz'");
        assertEquals(before, state());
    }

    @Test
    void duplicateGroupIsRefusedNamingTheOneThatExists() {
        sb("groups", "create", "fast").ok();
        var before = state();
        sb("groups", "create", "FAST").fails(Main.FAILURE, "A group named 'fast' already exists", "another name");
        sb("groups", "create", "auto").fails(Main.FAILURE, "'auto' already exists");
        assertEquals(before, state());
    }

    @Test
    void groupNameWithSlashIsAUsageError() {
        var before = state();
        sb("groups", "create", "team/fast").fails(Main.USAGE, "cannot contain '/'", "<channel>/<model>");
        assertEquals(before, state());
    }
}
