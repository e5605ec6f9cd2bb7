package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Entry;
import dev.switchboard.store.SpeedTestStore;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entries pane alone, without the tab around it: it shows the snapshot it is given and asks its host to reread
 * after a change, or once an edit that held a reread back has ended. Under Xvfb in CI.
 */
class EntriesPaneTest {
    @TempDir
    Path dir;

    private UiFixture f;
    private final AtomicInteger rereads = new AtomicInteger();
    private final AtomicInteger renders = new AtomicInteger();
    private final List<String> asked = new ArrayList<>();
    private EntriesPane pane;
    private TabWork work;
    private Entry gpt;
    private Entry house;

    @BeforeEach
    void open() throws Exception {
        UiFixture.assumeDisplay();
        f = new UiFixture(dir);
        f.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-alpha")));
        gpt = f.store.entries().add("relay", "gpt-4o", null, true);
        house = f.store.entries().add("relay", "house-model", null, true);
        onEdt(() -> {
            work = new TabWork(f.background, f.ctx.text(), rereads::incrementAndGet);
            var presenter = new EntryRows(f.ctx.catalog(), f.ctx.text(), ZoneId.systemDefault());
            pane = new EntriesPane(f.ctx, presenter, work, (title, message) -> {
                asked.add(message);
                return false; // the person declines
            }, this::reread, renders::incrementAndGet);
            pane.show(f.store.snapshot(), f.ctx.clock().instant());
            return null;
        });
    }

    /** What the tab's refresh does: count it, read the snapshot again and show it. */
    private void reread() {
        rereads.incrementAndGet();
        pane.show(f.store.snapshot(), f.ctx.clock().instant());
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private int rowOf(Entry e) {
        var table = pane.table();
        for (int v = 0; v < table.getRowCount(); v++) {
            if (table.getValueAt(v, EntryTableModel.MODEL).equals(e.model())) {
                return v;
            }
        }
        throw new AssertionError(e.ref() + " is not in the table");
    }

    @Test
    void anAliasTypedInTheTableIsStoredAndTheHostAskedToReread() throws Exception {
        var stored = onEdt(() -> {
            pane.table().setValueAt("fast", rowOf(gpt), EntryTableModel.ALIAS);
            return work.pending();
        });
        stored.get(10, TimeUnit.SECONDS);

        assertEquals("fast", f.store.entries().get(gpt.ref()).alias());
        assertEquals(1, rereads.get());
        onEdt(() -> {
            assertEquals("fast", pane.table().getValueAt(rowOf(gpt), EntryTableModel.ALIAS));
            assertEquals("relay/gpt-4o can now also be asked for as fast.", work.line().getText());
            return null;
        });
    }

    @Test
    void aRereadWhileACellIsEditedWaitsForTheEditToEnd() throws Exception {
        onEdt(() -> {
            assertFalse(pane.holdsRefresh(), "nothing edited: reread now");
            assertTrue(pane.table().editCellAt(rowOf(house), EntryTableModel.ALIAS));
            assertTrue(pane.holdsRefresh(), "rebuilding the rows now would throw the edit away");
            pane.table().getCellEditor().cancelCellEditing();
            return null;
        });
        onEdt(() -> null); // the reread the pane asked for when the edit ended runs after it

        assertEquals(1, rereads.get());
    }

    @Test
    void theTestButtonFollowsTheSelectionAndTheFilterAndTheHostHearsOfTheSelection() throws Exception {
        var heard = new AtomicInteger();
        onEdt(() -> {
            pane.onSelectionChanged(heard::incrementAndGet);
            assertEquals("Test all", pane.testButton().getText());
            pane.filter().setText("house");
            assertEquals(1, pane.table().getRowCount());
            assertEquals("Test shown (1)", pane.testButton().getText());
            pane.table().setRowSelectionInterval(0, 0);
            assertEquals("Test selected (1)", pane.testButton().getText());
            assertEquals(List.of(house), pane.selectedEntries());
            return null;
        });
        assertTrue(heard.get() > 0, "the groups pane's \"Add selected entries\" follows the table");
    }

    @Test
    void speedResultsFromElsewhereAskTheHostToRedrawOnlyWhenTheyChanged() throws Exception {
        f.store.speedTests().add(new SpeedTestStore.Result(gpt.id(), f.ctx.clock().instant(), true, 90L, 240L,
                "success", null)); // a test the tray or the CLI ran
        onEdt(() -> {
            pane.reloadSpeeds();
            return work.pending();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(1, renders.get());

        onEdt(() -> {
            pane.reloadSpeeds();
            return work.pending();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(1, renders.get(), "nothing new: the rows stay as they are");
    }

    @Test
    void removalIsAskedForInTheEntrysOwnWords() throws Exception {
        var declined = onEdt(() -> {
            pane.table().setRowSelectionInterval(rowOf(gpt), rowOf(gpt));
            return pane.removeSelected();
        });
        declined.get(10, TimeUnit.SECONDS);

        assertEquals(1, asked.size());
        assertTrue(asked.get(0).startsWith("Remove relay/gpt-4o?"), asked.get(0));
        assertEquals(2, f.store.entries().list().size(), "declined: nothing removed");
        assertEquals(0, rereads.get());
    }
}
