package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Models tab built on the event thread over a real store, under Xvfb in CI. */
class ModelsTabTest {
    @TempDir
    Path dir;

    private UiFixture f;
    private final List<WireMockServer> servers = new ArrayList<>();

    @BeforeEach
    void open() {
        UiFixture.assumeDisplay();
        f = new UiFixture(dir);
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
        servers.forEach(WireMockServer::stop);
    }

    private List<Entry> threeInAuto() {
        f.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-alpha")));
        return List.of(f.store.entries().add("relay", "gpt-4o", null, true),
                f.store.entries().add("relay", "house-model-b", "house", true),
                f.store.entries().add("relay", "house-model-c", null, true));
    }

    private ModelsTab shownTab() throws Exception {
        return onEdt(() -> {
            var tab = new ModelsTab(f.ctx);
            tab.component().setSize(1180, 700);
            tab.shown();
            return tab;
        });
    }

    /** The view row showing {@code e}. */
    private static int rowOf(ModelsTab tab, Entry e) {
        var table = tab.entries().table();
        for (int v = 0; v < table.getRowCount(); v++) {
            if (table.getValueAt(v, EntryTableModel.MODEL).equals(e.model())
                    && table.getValueAt(v, EntryTableModel.CHANNEL).equals(e.channelName())) {
                return v;
            }
        }
        throw new AssertionError(e.ref() + " is not in the table");
    }

    private static String cell(ModelsTab tab, Entry e, int column) {
        var v = tab.entries().table().getValueAt(rowOf(tab, e), column);
        if (v instanceof EntryRows.SpeedCell s) {
            return s.text();
        }
        if (v instanceof EntryRows.HealthCell h) {
            return h.text();
        }
        return String.valueOf(v);
    }

    @Test
    void theTableShowsEveryEntryAndToTopMovesTheThirdMemberOfAutoFirst() throws Exception {
        var e = threeInAuto();
        var tab = shownTab();

        onEdt(() -> {
            assertEquals(3, tab.entries().table().getRowCount());
            assertEquals("relay", cell(tab, e.get(0), EntryTableModel.CHANNEL));
            assertEquals("house", cell(tab, e.get(1), EntryTableModel.ALIAS));
            assertEquals("auto #3", cell(tab, e.get(2), EntryTableModel.GROUPS));
            assertEquals("ok", cell(tab, e.get(0), EntryTableModel.HEALTH));
            assertEquals("2024-05-13", cell(tab, e.get(0), EntryTableModel.RELEASED));
            assertEquals("128000", cell(tab, e.get(0), EntryTableModel.CONTEXT));
            assertEquals("✓", cell(tab, e.get(0), EntryTableModel.VISION));
            assertEquals("auto", tab.groups().groupChooser().getItemAt(0));
            assertEquals(3, tab.groups().memberList().getModel().getSize());
            assertEquals("Test all", tab.entries().testButton().getText());
            return null;
        });

        var moved = onEdt(() -> {
            tab.groups().memberList().setSelectedIndex(2);
            assertTrue(tab.groups().toTopButton().isEnabled());
            tab.groups().toTopButton().doClick();
            return tab.pending();
        });
        moved.get(10, TimeUnit.SECONDS);

        assertEquals(List.of(e.get(2).id(), e.get(0).id(), e.get(1).id()),
                f.store.entries().group("auto").memberIds());
        onEdt(() -> {
            assertEquals(e.get(2).id(), tab.groups().memberList().getModel().getElementAt(0).id());
            assertEquals(0, tab.groups().memberList().getSelectedIndex(), "the moved member stays selected");
            assertFalse(tab.groups().toTopButton().isEnabled(), "it is already on top");
            assertEquals("auto #1", cell(tab, e.get(2), EntryTableModel.GROUPS));
            return null;
        });
    }

    @Test
    void refreshKeepsTheSelectedRows() throws Exception {
        var e = threeInAuto();
        var tab = shownTab();
        onEdt(() -> {
            int v = rowOf(tab, e.get(1));
            tab.entries().table().setRowSelectionInterval(v, v);
            return null;
        });
        f.store.entries().add("relay", "another-model", null, true); // a new row: the list changes
        onEdt(() -> {
            tab.refresh();
            assertEquals(4, tab.entries().table().getRowCount());
            assertEquals(1, tab.entries().table().getSelectedRowCount());
            assertEquals(rowOf(tab, e.get(1)), tab.entries().table().getSelectedRow());
            assertEquals("Test selected (1)", tab.entries().testButton().getText());
            return null;
        });
    }

    @Test
    void testAllTurnsEachRowGreenOrRedAsItsResultArrives() throws Exception {
        var upstreams = SpeedRunTest.upstreams();
        servers.addAll(List.of(upstreams));
        f.store.channels().create(ChannelDraft.of("good", ApiType.OPENAI, upstreams[0].baseUrl() + "/v1",
                List.of("test-key-alpha")));
        f.store.channels().create(ChannelDraft.of("bad", ApiType.OPENAI, upstreams[1].baseUrl() + "/v1",
                List.of("test-key-beta")));
        var answers = f.store.entries().add("good", "up-model", null, true);
        var refused = f.store.entries().add("bad", "up-model", null, true);
        var tab = shownTab();

        var run = onEdt(() -> {
            assertEquals("", cell(tab, answers, EntryTableModel.SPEED), "never tested yet");
            tab.entries().testButton().doClick();
            assertFalse(tab.entries().testButton().isEnabled(), "one test at a time");
            assertTrue(tab.entries().progress().isVisible());
            return tab.pending();
        });
        run.get(60, TimeUnit.SECONDS);

        onEdt(() -> {
            var table = tab.entries().table();
            var ok = (EntryRows.SpeedCell) table.getValueAt(rowOf(tab, answers), EntryTableModel.SPEED);
            assertEquals(EntryRows.SpeedKind.OK, ok.kind());
            assertTrue(ok.text().matches("\\d+ ms"), ok.text());
            var failed = (EntryRows.SpeedCell) table.getValueAt(rowOf(tab, refused), EntryTableModel.SPEED);
            assertEquals(EntryRows.SpeedKind.FAILED, failed.kind());
            assertEquals("✗ credential", failed.text());
            assertTrue(cell(tab, refused, EntryTableModel.HEALTH).startsWith("disabled: "),
                    "a rejected key disables the entry, as routing would");
            assertEquals("2 / 2", tab.entries().progress().getString());
            assertEquals(2, tab.entries().progress().getValue());
            assertTrue(tab.entries().testButton().isEnabled());
            assertTrue(tab.message().getText().startsWith("Tested 2: 1 answered, 1 failed."),
                    tab.message().getText());
            return null;
        });
    }

    @Test
    void aGroupNameTheStoreRefusesIsShownInlineAndAGoodOneIsCreatedAndChosen() throws Exception {
        var e = threeInAuto();
        var tab = shownTab();

        var refused = onEdt(() -> {
            tab.groups().newGroupField().setText("a/b");
            tab.groups().createGroupButton().doClick();
            return tab.pending();
        });
        refused.get(10, TimeUnit.SECONDS);
        onEdt(() -> {
            var error = tab.groups().groupError().getText();
            assertTrue(error.contains("cannot contain '/'"), error);
            return null;
        });

        var created = onEdt(() -> {
            tab.groups().newGroupField().setText("coding");
            tab.groups().createGroupButton().doClick();
            return tab.pending();
        });
        created.get(10, TimeUnit.SECONDS);
        onEdt(() -> {
            assertEquals("coding", tab.groups().groupChooser().getSelectedItem());
            assertEquals(" ", tab.groups().groupError().getText());
            assertEquals(0, tab.groups().memberList().getModel().getSize());
            return null;
        });

        var added = onEdt(() -> {
            int v = rowOf(tab, e.get(1));
            tab.entries().table().setRowSelectionInterval(v, v);
            return tab.groups().addMembers(List.of(e.get(1).id()), null);
        });
        added.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(e.get(1).id()), f.store.entries().group("coding").memberIds());
        onEdt(() -> {
            assertEquals(1, tab.groups().memberList().getModel().getSize());
            assertEquals("auto #2, coding #1", cell(tab, e.get(1), EntryTableModel.GROUPS));
            return null;
        });
    }

    @Test
    void removingAnEntryAsksFirstAndTheFilterNarrowsTheRows() throws Exception {
        var e = threeInAuto();
        var tab = shownTab();
        var asked = new ArrayList<String>();

        onEdt(() -> {
            tab.entries().filter().setText("house");
            assertEquals(2, tab.entries().table().getRowCount());
            assertEquals("Test shown (2)", tab.entries().testButton().getText());
            tab.entries().filter().setText("");
            return null;
        });
        var declined = onEdt(() -> {
            tab.confirm = (title, message) -> {
                asked.add(message);
                return false;
            };
            int v = rowOf(tab, e.get(0));
            tab.entries().table().setRowSelectionInterval(v, v);
            return tab.entries().removeSelected();
        });
        declined.get(10, TimeUnit.SECONDS);
        assertEquals(3, f.store.entries().list().size(), "declined: nothing removed");
        assertTrue(asked.get(0).contains("relay/gpt-4o"), asked.toString());

        var removed = onEdt(() -> {
            tab.confirm = (title, message) -> true;
            return tab.entries().removeSelected();
        });
        removed.get(10, TimeUnit.SECONDS);
        assertEquals(2, f.store.entries().list().size());
        onEdt(() -> {
            assertEquals(2, tab.entries().table().getRowCount());
            assertEquals(2, tab.groups().memberList().getModel().getSize());
            return null;
        });
    }
}
