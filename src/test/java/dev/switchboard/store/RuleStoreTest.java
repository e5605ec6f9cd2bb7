package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scene rules in the database, and in the configuration file that moves them. */
class RuleStoreTest {
    @TempDir
    Path dir;

    private static final SceneRule.When BACKGROUND = SceneRule.When.NOTHING.withBackground(true);
    private static final SceneRule.When THINKING = SceneRule.When.NOTHING.withThinking(true);

    private static void groups(Store s) {
        s.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("sk-FAKE-rules-0000000001")));
        s.entries().add("relay", "claude-haiku-4-5", null, true);
        s.entries().add("relay", "o3", null, true);
        s.entries().createGroup("cheap");
        s.entries().addMember("cheap", "relay/claude-haiku-4-5", null);
        s.entries().createGroup("think");
        s.entries().addMember("think", "relay/o3", null);
    }

    private static List<String> names(Store s) {
        return s.rules().list().stream().map(SceneRule::name).toList();
    }

    @Test
    void rulesKeepTheirOrderThroughAddMoveReplaceAndRemove() {
        try (var s = TestStores.open(dir)) {
            groups(s);
            var rules = s.rules();
            rules.add(new SceneRule.Draft("background", true, BACKGROUND, "CHEAP"), null);
            rules.add(new SceneRule.Draft("reasoning", true, THINKING, "think"), null);
            rules.add(new SceneRule.Draft("claude", true, SceneRule.When.NOTHING.withModel(ModelPattern.of("claude*"))
                    .withProtocol("messages"), "auto"), 1);
            assertEquals(List.of("claude", "background", "reasoning"), names(s));
            assertEquals("cheap", rules.get("Background").group(), "the group as the store spells it");
            assertEquals("anthropic-messages", rules.get("claude").when().protocol());

            rules.move("claude", 3);
            assertEquals(List.of("background", "reasoning", "claude"), names(s));
            rules.replace("reasoning", new SceneRule.Draft("thinking", false, THINKING.withTokensAbove(1000L),
                    "think"));
            assertEquals(List.of("background", "thinking", "claude"), names(s));
            var changed = rules.get("thinking");
            assertEquals(1000L, changed.when().tokensAbove());
            assertTrue(!changed.enabled());
            rules.remove("background");
            assertEquals(List.of("thinking", "claude"), names(s));
            assertEquals(names(s), s.snapshot().rules().stream().map(SceneRule::name).toList(), "in the snapshot");
        }
    }

    @Test
    void aRuleIsCheckedWhenItIsWritten() {
        try (var s = TestStores.open(dir)) {
            groups(s);
            var rules = s.rules();
            var none = assertThrows(StoreException.class, () -> rules.add(new SceneRule.Draft("all", true,
                    SceneRule.When.NOTHING, "auto"), null));
            assertTrue(none.getMessage().contains("/g/<group>/"), none.getMessage());
            assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class, () -> rules.add(
                    new SceneRule.Draft("x", true, THINKING, "nope"), null)).kind());
            assertThrows(StoreException.class, () -> rules.add(new SceneRule.Draft("a/b", true, THINKING, "auto"),
                    null));
            assertThrows(StoreException.class, () -> rules.add(new SceneRule.Draft("x", true,
                    THINKING.withTokensAbove(-1L), "auto"), null));
            rules.add(new SceneRule.Draft("x", true, THINKING, "auto"), null);
            assertEquals(StoreException.Kind.CONFLICT, assertThrows(StoreException.class, () -> rules.add(
                    new SceneRule.Draft("X", true, THINKING, "auto"), null)).kind());
            assertThrows(StoreException.class, () -> rules.add(new SceneRule.Draft("y", true, THINKING, "auto"), 3));
        }
    }

    @Test
    void deletingItsGroupLeavesTheRulePointingNowhere() {
        try (var s = TestStores.open(dir)) {
            groups(s);
            s.rules().add(new SceneRule.Draft("background", true, BACKGROUND, "cheap"), null);
            s.entries().deleteGroup("cheap");
            assertEquals("cheap", s.rules().get("background").group());
            assertTrue(s.snapshot().group("cheap").isEmpty());
        }
    }

    @Test
    void rulesTravelInTheConfigurationFileAndComeBackTheSame() {
        String json;
        List<SceneRule> before;
        try (var s = TestStores.open(dir.resolve("a"))) {
            groups(s);
            s.rules().add(new SceneRule.Draft("background", true, BACKGROUND, "cheap"), null);
            s.rules().add(new SceneRule.Draft("long", false, SceneRule.When.NOTHING.withTokensAbove(60000L)
                    .withModel(ModelPattern.of("claude*")).withProtocol("anthropic-messages"), "think"), null);
            s.entries().createGroup("gone");
            s.rules().add(new SceneRule.Draft("vision", true, SceneRule.When.NOTHING.withImages(true)
                    .withWebSearch(true), "gone"), null);
            s.entries().deleteGroup("gone");
            before = s.rules().list();
            json = ConfigExport.toJson(s, false);
        }
        assertTrue(json.contains("\"rules\""), json);
        assertTrue(json.contains("\"tokensAbove\" : 60000"), json);
        try (var s = TestStores.open(dir.resolve("b"))) {
            var changes = ConfigImport.apply(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE);
            assertTrue(changes.stream().anyMatch(c -> c.line().equals(
                    "+ rule vision (images and web search -> group gone, which does not exist: skipped until it"
                            + " does)")), changes.toString());
            var after = s.rules().list();
            assertEquals(before.stream().map(SceneRule::draft).toList(), after.stream().map(SceneRule::draft)
                    .toList());
            // imported again: nothing to change
            assertEquals(List.of(), ConfigImport.preview(s, ConfigDocument.parse(json), ConfigImport.Mode.MERGE)
                    .stream().filter(c -> c.kind().equals("rule")).toList());
        }
    }

    @Test
    void mergeUpdatesAndAddsRulesWhileReplaceMakesThemTheFiles() {
        try (var s = TestStores.open(dir)) {
            groups(s);
            s.rules().add(new SceneRule.Draft("background", true, BACKGROUND, "cheap"), null);
            s.rules().add(new SceneRule.Draft("mine", true, SceneRule.When.NOTHING.withImages(true), "auto"), null);
            var file = """
                    {"format": "switchboard-config", "version": 1,
                     "rules": [{"name": "reasoning", "thinking": true, "group": "think"},
                               {"name": "Background", "background": true, "model": "*haiku*", "group": "cheap"}]}
                    """;

            ConfigImport.apply(s, ConfigDocument.parse(file), ConfigImport.Mode.MERGE);
            assertEquals(List.of("Background", "mine", "reasoning"), names(s));
            assertEquals("*haiku*", s.rules().get("background").when().model().text());

            ConfigImport.apply(s, ConfigDocument.parse(file.replace("\"version\": 1,", "\"version\": 1,"
                    + " \"groups\": [{\"name\": \"cheap\", \"members\": []}, {\"name\": \"think\", \"members\": []}],")),
                    ConfigImport.Mode.REPLACE);
            assertEquals(List.of("reasoning", "Background"), names(s));

            // a file from before rules says nothing about them: they stay, even in a replace
            ConfigImport.apply(s, ConfigDocument.parse("{\"format\": \"switchboard-config\", \"version\": 1,"
                    + " \"groups\": [{\"name\": \"cheap\", \"members\": []}, {\"name\": \"think\", \"members\": []}]}"),
                    ConfigImport.Mode.REPLACE);
            assertEquals(List.of("reasoning", "Background"), names(s));
        }
    }

    @Test
    void aBadRuleInTheFileIsRefusedNamingItAndNothingChanges() {
        try (var s = TestStores.open(dir)) {
            groups(s);
            var e = assertThrows(StoreException.class, () -> ConfigImport.apply(s, ConfigDocument.parse("""
                    {"format": "switchboard-config", "version": 1, "channels": [{"name": "new", "type": "openai",
                     "baseUrl": "https://new.example.test/v1"}],
                     "rules": [{"name": "all", "group": "auto"}]}
                    """), ConfigImport.Mode.MERGE));
            assertTrue(e.getMessage().startsWith("Rule 'all': it has no condition"), e.getMessage());
            assertEquals(1, s.channels().list().size(), "nothing was written");
            var protocol = assertThrows(StoreException.class, () -> ConfigDocument.parse("""
                    {"format": "switchboard-config", "version": 1, "rules": [{"name": "x", "thinking": "yes",
                     "group": "auto"}]}
                    """));
            assertTrue(protocol.getMessage().contains("\"thinking\" must be true or false"), protocol.getMessage());
        }
    }
}
