package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.SceneRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scene rules pane alone: its table, its buttons and its editor, filled as a person would. Under Xvfb in CI. */
class RulesPaneTest {
    @TempDir
    Path dir;

    private UiFixture f;
    private RulesPane pane;
    private TabWork work;
    private final List<String> asked = new ArrayList<>();
    private boolean answer;

    @BeforeEach
    void open() throws Exception {
        UiFixture.assumeDisplay();
        f = new UiFixture(dir);
        f.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("sk-FAKE-ui-rules-000002")));
        f.store.entries().add("relay", "o3", null, true);
        f.store.entries().createGroup("think");
        f.store.entries().addMember("think", "relay/o3", null);
        f.store.rules().add(new SceneRule.Draft("first", true, SceneRule.When.NOTHING.withImages(true), "auto"),
                null);
        f.store.rules().add(new SceneRule.Draft("second", true, SceneRule.When.NOTHING.withWebSearch(true), "auto"),
                null);
        onEdt(() -> {
            work = new TabWork(f.background, f.ctx.text(), this::reread);
            pane = new RulesPane(f.ctx, work, (title, message) -> {
                asked.add(message);
                return answer;
            }, this::reread);
            reread();
            return null;
        });
    }

    private void reread() {
        pane.show(f.store.snapshot());
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private List<String> names() {
        return f.store.rules().list().stream().map(SceneRule::name).toList();
    }

    @Test
    void aRuleAddedInTheEditorIsStoredAndShownSelected() throws Exception {
        pane.ask = (title, editor) -> {
            assertEquals("Add scene rule", title);
            editor.name.setText("reasoning");
            editor.group.setSelectedItem("think");
            editor.thinking.setSelected(true);
            editor.model.setText("claude*");
            editor.protocol.setSelectedItem("anthropic-messages");
            return true;
        };
        onEdt(() -> pane.add()).get(10, TimeUnit.SECONDS);

        var rule = f.store.rules().get("reasoning");
        assertEquals("think", rule.group());
        assertEquals(SceneRule.When.NOTHING.withThinking(true).withProtocol("anthropic-messages")
                .withModel(dev.switchboard.store.ModelPattern.of("claude*")), rule.when());
        onEdt(() -> {
            var t = pane.table();
            assertEquals(3, t.getRowCount());
            assertEquals(2, t.getSelectedRow());
            assertEquals("protocol anthropic-messages and model claude* and thinking", t.getValueAt(2, 2));
            assertEquals("Added the rule reasoning.", work.line().getText());
            return null;
        });
    }

    @Test
    void editingKeepsTheRulesPlaceAndAStoreRefusalIsShown() throws Exception {
        onEdt(() -> {
            pane.table().setRowSelectionInterval(0, 0);
            return null;
        });
        pane.ask = (title, editor) -> {
            assertEquals("first", editor.name.getText());
            assertTrue(editor.images.isSelected());
            editor.tokens.setText("1000");
            return true;
        };
        onEdt(() -> pane.edit()).get(10, TimeUnit.SECONDS);
        assertEquals(1000L, f.store.rules().get("first").when().tokensAbove());
        assertEquals(List.of("first", "second"), names());

        pane.ask = (title, editor) -> {
            editor.images.setSelected(false);
            editor.tokens.setText("");
            return true;
        };
        onEdt(() -> pane.edit()).get(10, TimeUnit.SECONDS);
        onEdt(() -> {
            assertTrue(work.line().getText().contains("has no condition"), work.line().getText());
            return null;
        });
        assertTrue(f.store.rules().get("first").when().images(), "nothing was saved");
    }

    @Test
    void downSwitchOffAndRemoveAct() throws Exception {
        onEdt(() -> {
            pane.table().setRowSelectionInterval(0, 0);
            assertFalse(pane.upButton().isEnabled());
            assertTrue(pane.downButton().isEnabled());
            pane.downButton().doClick();
            return work.pending();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("second", "first"), names());
        onEdt(() -> {
            assertEquals(1, pane.table().getSelectedRow(), "the moved rule stays selected");
            assertEquals("Switch off", pane.toggleButton().getText());
            pane.toggleButton().doClick();
            return work.pending();
        }).get(10, TimeUnit.SECONDS);
        assertFalse(f.store.rules().get("first").enabled());
        onEdt(() -> {
            assertEquals("off", pane.table().getValueAt(1, 4));
            assertEquals("Switch on", pane.toggleButton().getText());
            return null;
        });

        answer = false;
        onEdt(() -> pane.remove()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("second", "first"), names(), "not without the person's yes");
        answer = true;
        onEdt(() -> pane.remove()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("second"), names());
        assertTrue(asked.get(0).contains("Remove the rule first?"), asked.toString());
    }
}
