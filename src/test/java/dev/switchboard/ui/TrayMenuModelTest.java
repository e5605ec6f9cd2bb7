package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.GatewayState;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Health;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tray's menu and icon state, without a display. */
class TrayMenuModelTest {
    private static final GatewayState RUNNING = new GatewayState.Running("http://127.0.0.1:9090");

    @TempDir
    Path dir;
    UiFixture f;

    @BeforeEach
    void setUp() {
        f = new UiFixture(dir);
        f.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("test-key-alpha")));
        for (var model : List.of("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro")) {
            f.store.entries().add("relay", model, null, true);
        }
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void listsAutoInOrderWithTheFirstChecked() {
        var entries = autoItems(TrayMenuModel.items(f.store.snapshot(), RUNNING, Instant.now(), false, f.ctx.text()));
        assertEquals(List.of("relay/gpt-4o", "relay/claude-sonnet-4-5", "relay/gemini-2.5-pro"),
                entries.stream().map(TrayMenuModel.Item.AutoEntry::ref).toList());
        assertTrue(entries.get(0).checked());
        assertFalse(entries.get(1).checked() || entries.get(2).checked());
    }

    @Test
    void choosingAnEntryPutsItOnTopOfAutoInTheStore() {
        TrayMenuModel.choose(f.store, "relay/gemini-2.5-pro");
        var entries = autoItems(TrayMenuModel.items(f.store.snapshot(), RUNNING, Instant.now(), false, f.ctx.text()));
        assertEquals("relay/gemini-2.5-pro", entries.get(0).ref());
        assertTrue(entries.get(0).checked());
        assertEquals("relay/gpt-4o", entries.get(1).ref(), "the others keep their order");
    }

    @Test
    void coolingEntryTurnsTheIconAmberAndSaysUntilWhen() {
        var now = Instant.parse("2026-11-21T10:00:00Z");
        var snapshot = f.store.snapshot();
        assertEquals(TrayMenuModel.Status.RUNNING, TrayMenuModel.status(snapshot, RUNNING, now));
        var id = snapshot.entries().stream().filter(e -> e.ref().equals("relay/claude-sonnet-4-5")).findFirst()
                .orElseThrow().id();
        var until = now.plusSeconds(300);
        f.store.health().save(new Health(id, until, null, 1, null, "429"));
        snapshot = f.store.snapshot();
        assertEquals(TrayMenuModel.Status.COOLING, TrayMenuModel.status(snapshot, RUNNING, now));
        var cooling = autoItems(TrayMenuModel.items(snapshot, RUNNING, now, false, f.ctx.text())).get(1);
        var clock = DateTimeFormatter.ofPattern("HH:mm:ss").format(until.atZone(ZoneId.systemDefault()));
        assertTrue(cooling.label().contains("cooling until " + clock), cooling.label());
        assertFalse(cooling.usable());
        assertEquals(TrayMenuModel.Status.RUNNING, TrayMenuModel.status(snapshot, RUNNING, until.plusSeconds(1)),
                "a cooldown that has passed is green again");
        assertTrue(TrayMenuModel.tooltip(snapshot, RUNNING, now, f.ctx.text()).contains("1 cooling"));
    }

    @Test
    void stoppedGatewayIsGreyAndCannotCopyItsUrl() {
        var paused = new GatewayState.Paused();
        var items = TrayMenuModel.items(f.store.snapshot(), paused, Instant.now(), false, f.ctx.text());
        assertEquals(TrayMenuModel.Status.STOPPED, TrayMenuModel.status(f.store.snapshot(), paused, Instant.now()));
        var copy = items.stream().filter(i -> i instanceof TrayMenuModel.Item.CopyBaseUrl).findFirst().orElseThrow();
        assertNull(((TrayMenuModel.Item.CopyBaseUrl) copy).url());
        var toggle = items.stream().filter(i -> i instanceof TrayMenuModel.Item.PauseResume).findFirst().orElseThrow();
        assertTrue(((TrayMenuModel.Item.PauseResume) toggle).paused(), "offers Resume");
        assertEquals(TrayMenuModel.Status.STOPPED, TrayMenuModel.status(f.store.snapshot(),
                new GatewayState.Failed("port in use"), Instant.now()));
    }

    @Test
    void longAutoShowsTheFirstTenAndAMoreItem() {
        for (int i = 0; i < 12; i++) {
            f.store.entries().add("relay", "model-" + i, null, true);
        }
        var items = TrayMenuModel.items(f.store.snapshot(), RUNNING, Instant.now(), false, f.ctx.text());
        assertEquals(TrayMenuModel.MAX_ENTRIES, autoItems(items).size());
        var more = items.stream().filter(i -> i instanceof TrayMenuModel.Item.More).findFirst().orElseThrow();
        assertEquals(15 - TrayMenuModel.MAX_ENTRIES, ((TrayMenuModel.Item.More) more).hidden());
    }

    @Test
    void emptyAutoSaysSoInsteadOfAnEmptyMenu() {
        for (var e : f.store.entries().list()) {
            f.store.entries().remove(e.ref());
        }
        var items = TrayMenuModel.items(f.store.snapshot(), RUNNING, Instant.now(), false, f.ctx.text());
        assertInstanceOf(TrayMenuModel.Item.NoEntries.class, items.get(2));
        assertTrue(autoItems(items).isEmpty());
    }

    @Test
    void disabledEntryIsMarkedOff() {
        f.store.entries().setEnabled("relay/gpt-4o", false);
        var first = autoItems(TrayMenuModel.items(f.store.snapshot(), RUNNING, Instant.now(), false,
                f.ctx.text())).get(0);
        assertTrue(first.label().endsWith("(off)"), first.label());
        assertFalse(first.usable());
    }

    static List<TrayMenuModel.Item.AutoEntry> autoItems(List<TrayMenuModel.Item> items) {
        return items.stream().filter(i -> i instanceof TrayMenuModel.Item.AutoEntry)
                .map(i -> (TrayMenuModel.Item.AutoEntry) i).toList();
    }
}
