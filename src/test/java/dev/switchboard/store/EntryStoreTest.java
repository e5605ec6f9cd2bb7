package dev.switchboard.store;

import static dev.switchboard.store.TestStores.NOW;
import static dev.switchboard.store.TestStores.assertFails;
import static dev.switchboard.store.TestStores.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryStoreTest {
    @TempDir
    Path dir;

    private Store store;
    private EntryStore entries;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        entries = store.entries();
        store.channels().create(draft("openai"));
        store.channels().create(draft("relay"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void refusesControlCharactersInModelsAliasesAndGroupNamesForEveryCaller() {
        entries.add("openai", "gpt-4o", null, true);
        var before = entries.list();

        for (var bad : List.of("red\u001b[31m", "nul\u0000", "two\nlines", "csi\u009b", "rtl\u202e", "sep\u2028arated")) {
            var model = assertFails(StoreException.Kind.INVALID, () -> entries.add("openai", bad, null, true));
            assertTrue(model.getMessage().contains("control characters"), model.getMessage());
            assertFalse(model.getMessage().chars().anyMatch(ControlChars::isControl), "echoed escaped: " + model);
            assertFails(StoreException.Kind.INVALID, () -> entries.add("openai", "o3", bad, true));
            assertFails(StoreException.Kind.INVALID, () -> entries.setAlias("openai/gpt-4o", bad));
            assertFails(StoreException.Kind.INVALID, () -> entries.createGroup(bad));
        }

        assertEquals(before, entries.list());
        assertEquals(List.of(Group.AUTO), entries.groups().stream().map(Group::name).toList());
    }

    private List<Long> auto() {
        return entries.group(Group.AUTO).memberIds();
    }

    // ---- entries

    @Test
    void addedEntriesJoinAutoAtTheEnd() {
        var first = entries.add("openai", "gpt-4o", null, true);
        var second = entries.add("relay", "claude-sonnet-4", null, true);

        assertEquals(List.of(first.id(), second.id()), auto());
        assertEquals("openai/gpt-4o", first.ref());
        assertTrue(first.enabled());
        assertEquals(NOW, first.createdAt());
        assertEquals(List.of(first, second), entries.list());
    }

    @Test
    void addWithoutJoiningAutoLeavesAutoAlone() {
        var first = entries.add("openai", "gpt-4o", null, true);

        var loose = entries.add("openai", "gpt-4o-mini", null, false);

        assertEquals(List.of(first.id()), auto());
        assertEquals(loose, entries.get("openai/gpt-4o-mini"));
    }

    @Test
    void rejectsTheSameModelTwiceOnOneChannel() {
        entries.add("openai", "gpt-4o", null, true);

        var e = assertFails(StoreException.Kind.CONFLICT, () -> entries.add("OpenAI", "gpt-4o", null, true));

        assertTrue(e.getMessage().contains("gpt-4o"), e.getMessage());
        assertEquals(1, entries.list().size());
        assertEquals(1, auto().size());
    }

    @Test
    void acceptsTheSameModelOnTwoChannels() {
        var a = entries.add("openai", "gpt-4o", null, true);
        var b = entries.add("relay", "gpt-4o", null, true);

        assertNotEquals(a.id(), b.id());
        assertEquals(List.of(a.id(), b.id()), auto());
    }

    @Test
    void addToAnUnknownChannelIsNotFound() {
        assertFails(StoreException.Kind.NOT_FOUND, () -> entries.add("ghost", "gpt-4o", null, true));
        assertEquals(List.of(), entries.list());
    }

    @Test
    void resolvesChannelSlashModel() {
        var e = entries.add("relay", "gpt-4o", null, true);

        assertEquals(e, entries.get("relay/gpt-4o"));
        assertEquals(e, entries.get("RELAY/GPT-4o"), "channel and model case do not matter");
    }

    @Test
    void resolvesModelNamesThatContainSlashes() {
        var e = entries.add("relay", "deepseek-ai/DeepSeek-V3.2", null, true);

        assertEquals(e, entries.get("relay/deepseek-ai/DeepSeek-V3.2"));
        assertEquals(e, entries.get("deepseek-ai/DeepSeek-V3.2"), "unambiguous bare model name");
        assertEquals("relay/deepseek-ai/DeepSeek-V3.2", e.ref());
    }

    @Test
    void resolvesABareModelNameOrAliasOnlyWhenUnambiguous() {
        var unique = entries.add("openai", "gpt-4o-mini", "mini", true);
        entries.add("openai", "gpt-4o", null, true);
        entries.add("relay", "gpt-4o", null, true);

        assertEquals(unique, entries.get("gpt-4o-mini"));
        assertEquals(unique, entries.get("MINI"));
        var e = assertFails(StoreException.Kind.CONFLICT, () -> entries.get("gpt-4o"));
        assertTrue(e.getMessage().contains("openai/gpt-4o") && e.getMessage().contains("relay/gpt-4o"),
                e.getMessage());
    }

    @Test
    void resolvesHashId() {
        var e = entries.add("relay", "gpt-4o", null, true);

        assertEquals(e, entries.get("#" + e.id()));
        assertFails(StoreException.Kind.NOT_FOUND, () -> entries.get("#" + (e.id() + 1000)));
    }

    @Test
    void tellsAnUnknownChannelFromAnUnknownModel() {
        entries.add("openai", "gpt-4o", null, true);

        var noChannel = assertFails(StoreException.Kind.NOT_FOUND, () -> entries.get("ghost/gpt-4o"));
        var noModel = assertFails(StoreException.Kind.NOT_FOUND, () -> entries.get("openai/gpt-9"));

        assertTrue(noChannel.getMessage().contains("no channel named 'ghost'"), noChannel.getMessage());
        assertTrue(noModel.getMessage().contains("has no model 'gpt-9'"), noModel.getMessage());
        assertNotEquals(noChannel.getMessage(), noModel.getMessage());
        assertFails(StoreException.Kind.INVALID, () -> entries.get("  "));
    }

    @Test
    void setsAndClearsAnAlias() {
        entries.add("openai", "gpt-4o", null, true);

        assertEquals("omni", entries.setAlias("openai/gpt-4o", "omni").alias());
        assertEquals("omni", entries.get("omni").displayName());
        assertEquals("Omni", entries.setAlias("omni", "Omni").alias(), "re-casing its own alias is fine");

        var cleared = entries.setAlias("openai/gpt-4o", " ");
        assertNull(cleared.alias());
        assertEquals("gpt-4o", cleared.displayName());
        assertNull(entries.get("openai/gpt-4o").alias());
    }

    @Test
    void rejectsAnAliasThatIsAGroupName() {
        entries.add("openai", "gpt-4o", null, true);
        entries.createGroup("fast");

        var e = assertFails(StoreException.Kind.CONFLICT, () -> entries.setAlias("openai/gpt-4o", "FAST"));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
        assertFails(StoreException.Kind.CONFLICT, () -> entries.setAlias("openai/gpt-4o", "auto"));
        assertFails(StoreException.Kind.CONFLICT, () -> entries.add("relay", "gpt-4o", "Auto", true));

        assertNull(entries.get("openai/gpt-4o").alias());
        assertEquals(1, entries.list().size());
    }

    @Test
    void setEnabledSwitchesTheEntry() {
        entries.add("openai", "gpt-4o", null, true);

        assertFalse(entries.setEnabled("openai/gpt-4o", false).enabled());
        assertFalse(entries.get("openai/gpt-4o").enabled());
        assertTrue(entries.setEnabled("openai/gpt-4o", true).enabled());
    }

    @Test
    void enablingClearsWhatTheSystemSet() {
        var e = entries.add("openai", "gpt-4o", null, true);
        store.health().save(new Health(e.id(), NOW.plus(Duration.ofMinutes(5)), "401 invalid api key", 3, 850L,
                "HTTP 401"));

        entries.setEnabled("openai/gpt-4o", true);

        var h = store.health().get(e.id());
        assertNull(h.cooldownUntil());
        assertNull(h.disabledReason());
        assertEquals(0, h.consecutiveFailures());
        assertEquals(850L, h.lastLatencyMs(), "the measured latency stays");
    }

    @Test
    void disablingKeepsWhatTheSystemSet() {
        var e = entries.add("openai", "gpt-4o", null, true);
        var health = new Health(e.id(), NOW.plus(Duration.ofMinutes(5)), "401 invalid api key", 3, null, null);
        store.health().save(health);

        entries.setEnabled("openai/gpt-4o", false);

        assertEquals(health, store.health().get(e.id()));
    }

    @Test
    void removesAnEntryFromEveryGroup() {
        var a = entries.add("openai", "gpt-4o", null, true);
        var b = entries.add("relay", "gpt-4o", null, true);
        entries.createGroup("fast");
        entries.addMember("fast", "relay/gpt-4o", null);
        entries.addMember("fast", "openai/gpt-4o", null);

        assertEquals(a, entries.remove("openai/gpt-4o"));

        assertEquals(List.of(b), entries.list());
        assertEquals(List.of(b.id()), auto());
        assertEquals(List.of(b.id()), entries.group("fast").memberIds());
    }

    // ---- groups

    @Test
    void autoAlwaysExistsAndCannotBeDeleted() {
        var auto = entries.group("AUTO");
        assertTrue(auto.builtin());
        assertTrue(auto.isAuto());

        var e = assertFails(StoreException.Kind.CONFLICT, () -> entries.deleteGroup("auto"));

        assertTrue(e.getMessage().contains("built in"), e.getMessage());
        assertEquals(List.of("auto"), entries.groups().stream().map(Group::name).toList());
    }

    @Test
    void createsAndDeletesAGroup() {
        var created = entries.createGroup("fast");

        assertFalse(created.builtin());
        assertEquals(List.of(), created.memberIds());
        assertEquals(List.of("auto", "fast"), entries.groups().stream().map(Group::name).toList());

        assertEquals(created, entries.deleteGroup("FAST"));
        assertEquals(List.of("auto"), entries.groups().stream().map(Group::name).toList());
        assertFails(StoreException.Kind.NOT_FOUND, () -> entries.group("fast"));
    }

    @Test
    void deletingAGroupKeepsItsEntries() {
        var e = entries.add("openai", "gpt-4o", null, true);
        entries.createGroup("fast");
        entries.addMember("fast", "openai/gpt-4o", null);

        entries.deleteGroup("fast");

        assertEquals(List.of(e), entries.list());
        assertEquals(List.of(e.id()), auto());
    }

    @Test
    void rejectsADuplicateOrInvalidGroupName() {
        entries.createGroup("fast");

        assertFails(StoreException.Kind.CONFLICT, () -> entries.createGroup("FAST"));
        assertFails(StoreException.Kind.CONFLICT, () -> entries.createGroup("Auto"));
        assertFails(StoreException.Kind.INVALID, () -> entries.createGroup("a/b"));
        assertEquals(List.of("auto", "fast"), entries.groups().stream().map(Group::name).toList());
    }

    @Test
    void addsAMemberAtAPositionOrAtTheEnd() {
        var a = entries.add("openai", "a", null, false);
        var b = entries.add("openai", "b", null, false);
        var c = entries.add("openai", "c", null, false);
        var d = entries.add("openai", "d", null, false);
        entries.createGroup("g");
        entries.addMember("g", "openai/a", null);
        entries.addMember("g", "openai/b", null);

        assertEquals(List.of(c.id(), a.id(), b.id()), entries.addMember("g", "openai/c", 1).memberIds());
        assertEquals(List.of(c.id(), a.id(), b.id(), d.id()), entries.addMember("g", "openai/d", 4).memberIds());
        assertEquals(List.of(c.id(), a.id(), b.id(), d.id()), entries.group("g").memberIds());
    }

    @Test
    void addingAMemberTwiceIsAConflict() {
        entries.add("openai", "a", null, true);

        assertFails(StoreException.Kind.CONFLICT, () -> entries.addMember("auto", "openai/a", null));
        assertEquals(1, auto().size());
    }

    @Test
    void removesAMember() {
        var a = entries.add("openai", "a", null, true);
        var b = entries.add("openai", "b", null, true);
        var c = entries.add("openai", "c", null, true);

        assertEquals(List.of(a.id(), c.id()), entries.removeMember("auto", "openai/b").memberIds());

        assertEquals(List.of(a.id(), c.id()), auto());
        assertTrue(entries.list().contains(b), "the entry itself stays");
        assertFails(StoreException.Kind.NOT_FOUND, () -> entries.removeMember("auto", "openai/b"));
    }

    @Test
    void movesAMemberFirstOrLastKeepingTheOthersInOrder() {
        var a = entries.add("openai", "a", null, true).id();
        var b = entries.add("openai", "b", null, true).id();
        var c = entries.add("openai", "c", null, true).id();
        var d = entries.add("openai", "d", null, true).id();

        assertEquals(List.of(c, a, b, d), entries.moveMember("auto", "openai/c", 1).memberIds());
        assertEquals(List.of(a, b, d, c), entries.moveMember("auto", "openai/c", 4).memberIds());
        assertEquals(List.of(a, d, b, c), entries.moveMember("auto", "openai/d", 2).memberIds());
        assertEquals(List.of(a, d, b, c), auto());
    }

    @Test
    void rejectsAPositionOutOfRange() {
        entries.add("openai", "a", null, true);
        entries.add("openai", "b", null, true);
        entries.add("openai", "c", null, false);
        var before = auto();

        var e = assertFails(StoreException.Kind.INVALID, () -> entries.moveMember("auto", "openai/a", 0));
        assertTrue(e.getMessage().contains("1 to 2"), e.getMessage());
        assertFails(StoreException.Kind.INVALID, () -> entries.moveMember("auto", "openai/a", 3));
        assertFails(StoreException.Kind.INVALID, () -> entries.addMember("auto", "openai/c", 4));
        assertFails(StoreException.Kind.INVALID, () -> entries.addMember("auto", "openai/c", 0));

        assertEquals(before, auto());
    }

    @Test
    void movingAnEntryThatIsNotAMemberIsNotFound() {
        entries.add("openai", "a", null, false);

        assertFails(StoreException.Kind.NOT_FOUND, () -> entries.moveMember("auto", "openai/a", 1));
        assertFails(StoreException.Kind.NOT_FOUND, () -> entries.addMember("ghost", "openai/a", null));
    }
}
