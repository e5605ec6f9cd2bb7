package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Entry;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The groups pane alone, without the tab around it: the entries selected in the table come from a list the test
 * holds, and the host's reread shows the store's snapshot again. Under Xvfb in CI.
 */
class GroupsPaneTest {
    @TempDir
    Path dir;

    private UiFixture f;
    private GroupsPane pane;
    private TabWork work;
    private final List<Entry> selected = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private boolean answer;
    private Entry a;
    private Entry b;
    private Entry c;

    @BeforeEach
    void open() throws Exception {
        UiFixture.assumeDisplay();
        f = new UiFixture(dir);
        f.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-alpha")));
        a = f.store.entries().add("relay", "model-a", null, true);
        b = f.store.entries().add("relay", "model-b", "bee", true);
        c = f.store.entries().add("relay", "model-c", null, true);
        f.store.entries().createGroup("coding");
        onEdt(() -> {
            work = new TabWork(f.background, f.ctx.text(), this::reread);
            var presenter = new EntryRows(f.ctx.catalog(), f.ctx.text(), ZoneId.systemDefault());
            pane = new GroupsPane(f.ctx, presenter, work, (title, message) -> {
                asked.add(message);
                return answer;
            }, () -> List.copyOf(selected), this::reread);
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

    private List<String> lines() {
        var list = pane.memberList();
        var out = new ArrayList<String>();
        for (int i = 0; i < list.getModel().getSize(); i++) {
            var label = (javax.swing.JLabel) list.getCellRenderer().getListCellRendererComponent(list,
                    list.getModel().getElementAt(i), i, false, false);
            out.add(label.getText());
        }
        return out;
    }

    @Test
    void autoIsShownFirstWithItsMembersInTheOrderTheyAreTried() throws Exception {
        onEdt(() -> {
            assertEquals("auto", pane.groupChooser().getSelectedItem());
            assertEquals(List.of("auto", "coding"), List.of(pane.groupChooser().getItemAt(0),
                    pane.groupChooser().getItemAt(1)));
            assertEquals(List.of("1.  relay/model-a", "2.  relay/model-b  (bee)", "3.  relay/model-c"), lines());
            assertFalse(pane.deleteGroupButton().isEnabled(), "auto is built in");
            assertFalse(pane.toTopButton().isEnabled(), "no member selected");
            return null;
        });
    }

    @Test
    void downMovesTheSelectedMemberInTheStoreAndKeepsItSelected() throws Exception {
        var moved = onEdt(() -> {
            pane.memberList().setSelectedIndex(0);
            assertTrue(pane.downButton().isEnabled());
            pane.downButton().doClick();
            return work.pending();
        });
        moved.get(10, TimeUnit.SECONDS);

        assertEquals(List.of(b.id(), a.id(), c.id()), f.store.entries().group("auto").memberIds());
        onEdt(() -> {
            assertEquals(1, pane.memberList().getSelectedIndex(), "the moved member stays selected");
            assertEquals("2.  relay/model-a", lines().get(1));
            return null;
        });
    }

    @Test
    void theEntriesSelectedInTheTableAreAddedToTheChosenGroup() throws Exception {
        onEdt(() -> {
            pane.groupChooser().setSelectedItem("coding");
            assertFalse(pane.addSelectedButton().isEnabled(), "nothing selected in the table");
            selected.addAll(List.of(c, a));
            pane.updateButtons(); // what the tab does when the table's selection changes
            assertTrue(pane.addSelectedButton().isEnabled());
            return null;
        });
        var added = onEdt(() -> {
            pane.addSelectedButton().doClick();
            return work.pending();
        });
        added.get(10, TimeUnit.SECONDS);

        assertEquals(List.of(c.id(), a.id()), f.store.entries().group("coding").memberIds(), "in the table's order");
        onEdt(() -> {
            assertEquals("coding", pane.groupChooser().getSelectedItem());
            assertEquals("Added 2 to coding.", work.line().getText());
            return null;
        });
    }

    @Test
    void aGroupIsDeletedOnlyWhenThePersonSaysSo() throws Exception {
        var declined = onEdt(() -> {
            pane.groupChooser().setSelectedItem("coding");
            assertTrue(pane.deleteGroupButton().isEnabled());
            return pane.deleteGroup();
        });
        declined.get(10, TimeUnit.SECONDS);
        assertTrue(asked.get(0).startsWith("Delete the group coding?"), asked.get(0));
        assertEquals(2, f.store.entries().groups().size(), "declined: the group stays");

        answer = true;
        onEdt(() -> pane.deleteGroup()).get(10, TimeUnit.SECONDS);
        assertEquals(1, f.store.entries().groups().size());
        onEdt(() -> {
            assertEquals("auto", pane.groupChooser().getSelectedItem(), "the deleted group's place goes to auto");
            return null;
        });
    }
}
