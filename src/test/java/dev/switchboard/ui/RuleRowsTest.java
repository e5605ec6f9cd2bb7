package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.ModelPattern;
import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scene rules' presenter, without a display: rows, words in both languages, the editor's form, the moves. */
class RuleRowsTest {
    @TempDir
    Path dir;

    private Store store;
    private final RuleRows en = new RuleRows(Messages.of("en", Locale.ENGLISH));
    private final RuleRows zh = new RuleRows(Messages.of("zh", Locale.ENGLISH));

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("sk-FAKE-ui-rules-000001")));
        store.entries().add("relay", "claude-haiku-4-5", null, true);
        store.entries().createGroup("cheap");
        store.entries().addMember("cheap", "relay/claude-haiku-4-5", null);
        store.entries().createGroup("empty");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> names() {
        return store.rules().list().stream().map(SceneRule::name).toList();
    }

    @Test
    void rowsShowEachRuleWithItsConditionsGroupAndState() {
        store.rules().add(new SceneRule.Draft("background", true, SceneRule.When.NOTHING.withBackground(true)
                .withModel(ModelPattern.of("*haiku*")), "cheap"), null);
        store.rules().add(new SceneRule.Draft("long", false, SceneRule.When.NOTHING.withTokensAbove(60000L),
                "cheap"), null);
        store.rules().add(new SceneRule.Draft("vision", true, SceneRule.When.NOTHING.withImages(true), "empty"),
                null);

        var rows = en.rows(store.snapshot(), Instant.now());

        assertEquals(List.of(
                new RuleRows.Row(1, "background", "background call and model *haiku*", "cheap", "ready",
                        dev.switchboard.routing.SceneRules.State.READY, true),
                new RuleRows.Row(2, "long", "input over 60000 tokens", "cheap", "off",
                        dev.switchboard.routing.SceneRules.State.OFF, false),
                new RuleRows.Row(3, "vision", "images", "empty", "nothing in the group can serve: skipped",
                        dev.switchboard.routing.SceneRules.State.NOTHING_CAN_SERVE, true)), rows);
        assertEquals(List.of("#", "Rule", "When", "Group", "State"), en.columns());
        var chinese = zh.rows(store.snapshot(), Instant.now());
        assertEquals("后台调用 且 模型 *haiku*", chinese.get(0).when());
        assertEquals("已停用", chinese.get(1).state());
        assertEquals("vision", RuleRows.cell(rows.get(2), 1));
    }

    @Test
    void theFormMakesTheRuleItDescribesAndSavesOverTheOneItEdits() {
        var form = new RuleRows.Form("long", true, "cheap", "anthropic-messages", " claude* ", false, false, false,
                false, "60,000");
        var added = en.add(store, form);
        assertEquals("anthropic-messages", added.when().protocol());
        assertEquals("claude*", added.when().model().text());
        assertEquals(60000L, added.when().tokensAbove());

        var edited = RuleRows.Form.of(added);
        assertEquals(form.tokensAbove().replace(",", ""), edited.tokensAbove());
        var renamed = new RuleRows.Form("long-claude", false, "cheap", null, "", true, false, false, false, "");
        var saved = en.save(store, "long", renamed);
        assertEquals("long-claude", saved.name());
        assertEquals(SceneRule.When.NOTHING.withThinking(true), saved.when());
        assertTrue(!saved.enabled());

        var bad = assertThrows(StoreException.class, () -> en.add(store, new RuleRows.Form("x", true, "cheap", null,
                "", false, false, false, false, "lots")));
        assertEquals("The token threshold must be a whole number, such as 60000.", bad.getMessage());
        var none = assertThrows(StoreException.class, () -> en.add(store, RuleRows.Form.blank("cheap")));
        assertEquals(StoreException.Kind.INVALID, none.kind(), "a blank name");
    }

    @Test
    void upAndDownMoveOnePlaceAndStopAtTheEnds() {
        for (var n : List.of("a", "b", "c")) {
            store.rules().add(new SceneRule.Draft(n, true, SceneRule.When.NOTHING.withImages(true), "cheap"), null);
        }
        RuleRows.move(store, "c", -1);
        assertEquals(List.of("a", "c", "b"), names());
        RuleRows.move(store, "a", -1);
        assertEquals(List.of("a", "c", "b"), names());
        RuleRows.move(store, "a", 1);
        assertEquals(List.of("c", "a", "b"), names());
        RuleRows.move(store, "b", 1);
        assertEquals(List.of("c", "a", "b"), names());
        RuleRows.setEnabled(store, "a", false);
        RuleRows.remove(store, "c");
        assertEquals(List.of("a", "b"), names());
        assertTrue(!store.rules().get("a").enabled());
    }
}
