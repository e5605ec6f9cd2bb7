package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Health;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channels tab on screen (under Xvfb): the table, the buttons, and actions that reach the store. */
class ChannelsTabTest {
    @TempDir
    Path folder;
    UiFixture fx;
    WireMockServer relay;
    ChannelsTab tab;

    @BeforeEach
    void build() throws Exception {
        UiFixture.assumeDisplay();
        fx = new UiFixture(folder);
        relay = new WireMockServer(options().dynamicPort());
        relay.start();
        fx.store.channels().create(ChannelDraft.of("alpha", ApiType.OPENAI, relay.baseUrl() + "/v1",
                List.of(ChannelRelays.KEY)));
        fx.store.entries().add("alpha", "good-model", null, true);
        fx.store.entries().add("alpha", "gone-model", null, true);
        fx.store.entries().add("alpha", "hot-model", null, true);
        fx.store.health().save(new Health(fx.store.entries().get("alpha/hot-model").id(),
                Instant.now().plusSeconds(3600), null, 1, null, "HTTP 429"));
        fx.store.channels().create(ChannelDraft.of("bravo", ApiType.ANTHROPIC, "https://bravo.example.com",
                List.of(ChannelRelays.OTHER_KEY)));
        fx.store.channels().setEnabled("bravo", false);
        tab = onEdt(() -> {
            var t = new ChannelsTab(fx.ctx, ChannelRelays.JAN_2025);
            t.shown();
            return t;
        });
        tab.loadResults().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.stop();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private Object cell(int row, int column) throws Exception {
        return onEdt(() -> tab.table().getValueAt(row, column));
    }

    @Test
    void showsEveryChannelWithTypeUrlModelCountHealthAndSwitch() throws Exception {
        assertEquals("channels", tab.id());
        assertEquals("Channels", tab.title());
        assertEquals(2, (int) onEdt(() -> tab.table().getRowCount()));
        assertEquals(List.of("Name", "Type", "Base URL", "Models", "Health", "Enabled", "Balance"), onEdt(() -> {
            var names = new ArrayList<String>();
            for (int i = 0; i < tab.table().getColumnCount(); i++) {
                names.add(tab.table().getColumnName(i));
            }
            return names;
        }));
        assertEquals("alpha", cell(0, 0));
        assertEquals("openai", cell(0, 1));
        assertEquals(relay.baseUrl() + "/v1", cell(0, 2));
        assertEquals(3, cell(0, 3));
        assertEquals("2 ok · 1 cooling", cell(0, 4));
        assertEquals(true, cell(0, 5));
        assertEquals("bravo", cell(1, 0));
        assertEquals("anthropic", cell(1, 1));
        assertEquals(0, cell(1, 3));
        assertEquals("no models", cell(1, 4));
        assertEquals(false, cell(1, 5));

        // the first channel is selected, its models listed below with their health
        assertEquals("alpha", onEdt(tab::selectedName));
        assertEquals(3, (int) onEdt(() -> tab.entryTable().getRowCount()));
        assertEquals("gone-model", onEdt(() -> tab.entryTable().getValueAt(0, 0)), "by model name, as the store lists");
        assertTrue(((String) onEdt(() -> tab.entryTable().getValueAt(2, 1))).startsWith("cooling until "));
        assertEquals(List.of(true, true, true, true), onEdt(() -> List.of(tab.editButton().isEnabled(),
                tab.testButton().isEnabled(), tab.deleteButton().isEnabled(), tab.toggleButton().isEnabled())));
        assertEquals("Disable", onEdt(() -> tab.toggleButton().getText()));

        onEdt(() -> {
            tab.select("bravo");
            return null;
        });
        assertEquals("Enable", onEdt(() -> tab.toggleButton().getText()));
        assertFalse(onEdt(() -> tab.testButton().isEnabled()), "nothing to test on a channel without models");
        assertEquals(0, (int) onEdt(() -> tab.entryTable().getRowCount()));
    }

    @Test
    void enableAndDisableReachTheStore() throws Exception {
        onEdt(() -> tab.setEnabled("bravo", true)).get(10, TimeUnit.SECONDS);
        assertTrue(fx.store.channels().get("bravo").enabled());
        assertEquals(true, cell(1, 5));
        assertEquals("Channel bravo is enabled.", onEdt(tab::message));

        // through the button, on the selected channel
        onEdt(() -> {
            tab.select("alpha");
            tab.toggleButton().doClick();
            return tab.lastAction();
        }).get(10, TimeUnit.SECONDS);
        assertFalse(fx.store.channels().get("alpha").enabled());
        assertEquals(false, cell(0, 5));
        assertEquals("Enable", onEdt(() -> tab.toggleButton().getText()));
    }

    @Test
    void aChannelImportedWithoutKeysSaysItNeedsOneAndAKeyEnablesIt() throws Exception {
        ChannelEditTest.importKeyless(fx.store, "charlie");
        onEdt(() -> {
            tab.refresh();
            return null;
        });
        assertEquals("charlie", cell(2, 0));
        assertEquals(false, cell(2, 5));
        var badge = onEdt(() -> {
            var t = tab.table();
            var c = (javax.swing.JLabel) t.prepareRenderer(t.getCellRenderer(2, 5), 2, 5);
            return c.getText() + "|" + c.getToolTipText();
        });
        assertEquals("Needs a key|Imported without keys: edit the channel and add a key to enable it.", badge);

        onEdt(() -> tab.setEnabled("charlie", true)).get(10, TimeUnit.SECONDS);
        assertFalse(fx.store.channels().get("charlie").enabled(), "no key, no switching on");
        assertTrue(onEdt(tab::message).contains("no API key"), onEdt(tab::message));

        onEdt(() -> {
            tab.select("charlie");
            return null;
        });
        var editor = onEdt(tab::newEditor);
        assertNotNull(editor);
        onEdt(() -> {
            editor.addKey(ChannelRelays.OTHER_KEY);
            return null;
        });
        onEdt(editor::save).get(10, TimeUnit.SECONDS);
        assertTrue(fx.store.channels().get("charlie").enabled(), "the key enables it: it was off only for lacking one");
        assertEquals(true, cell(2, 5));
        assertEquals("Saved channel charlie. It has a key now and is enabled: it was disabled only for lacking one.",
                onEdt(tab::message));
    }

    @Test
    void deleteAsksWithTheModelCountThenRemovesChannelAndModels() throws Exception {
        var asked = new ArrayList<String>();
        onEdt(() -> {
            tab.confirm = (question, title) -> {
                asked.add(question);
                return false;
            };
            return null;
        });
        onEdt(() -> tab.confirmAndDelete("alpha")).get(10, TimeUnit.SECONDS);
        assertTrue(asked.get(0).startsWith("Delete channel alpha and its 3 models?"), asked::toString);
        assertTrue(fx.store.channels().find("alpha").isPresent(), "no means no");

        onEdt(() -> {
            tab.confirm = (question, title) -> true;
            tab.select("alpha");
            tab.deleteButton().doClick();
            return tab.lastAction();
        }).get(10, TimeUnit.SECONDS);
        assertTrue(fx.store.channels().find("alpha").isEmpty());
        assertTrue(fx.store.entries().list().isEmpty());
        assertEquals(1, (int) onEdt(() -> tab.table().getRowCount()));
        assertEquals("Deleted channel alpha.", onEdt(tab::message));
    }

    @Test
    void testShowsGreenMillisecondsOrRedReasonsPerModel() throws Exception {
        ChannelRelays.streams(relay, "good-model");
        ChannelRelays.streams(relay, "hot-model");
        ChannelRelays.missing(relay, "gone-model");

        CompletableFuture<Void> run = onEdt(() -> {
            tab.select("alpha");
            tab.testButton().doClick();
            return tab.lastAction();
        });
        run.get(60, TimeUnit.SECONDS);

        // rows by model name: gone-model, good-model, hot-model
        assertEquals("gone-model", onEdt(() -> tab.entryTable().getValueAt(0, 0)));
        var gone = (String) onEdt(() -> tab.entryTable().getValueAt(0, 2));
        assertTrue(gone.startsWith("✗ missing_model"), gone);
        var good = (String) onEdt(() -> tab.entryTable().getValueAt(1, 2));
        assertTrue(good.matches("\\d+ ms"), good);
        assertEquals("Tested alpha: 2 of 3 answered.", onEdt(tab::message));
        assertTrue(onEdt(() -> tab.testButton().isEnabled()), "ready for another run");
        // the colours: green for a time, red for a cross
        var renderer = onEdt(() -> tab.entryTable().prepareRenderer(tab.entryTable().getCellRenderer(1, 2), 1, 2));
        assertEquals(Theme.ok(), renderer.getForeground());
        var red = onEdt(() -> tab.entryTable().prepareRenderer(tab.entryTable().getCellRenderer(0, 2), 0, 2));
        assertEquals(Theme.bad(), red.getForeground());
        assertEquals(3, fx.store.speedTests().latest().size(), "stored like the CLI's results");
    }

    @Test
    void editorSavesThroughTheStoreAndShowsRefusalsInline() throws Exception {
        var editor = onEdt(() -> {
            tab.select("alpha");
            return tab.newEditor();
        });
        assertNotNull(editor);
        assertEquals(List.of("test…6789"), onEdt(editor::shownKeys));

        onEdt(() -> {
            editor.baseUrlField().setText("ftp://alpha.example.com/v1");
            return null;
        });
        onEdt(editor::save).get(10, TimeUnit.SECONDS);
        assertTrue(onEdt(editor::errorText).contains("not an http:// or https:// URL"), editor::errorText);
        assertEquals(relay.baseUrl() + "/v1", fx.store.channels().get("alpha").baseUrl(), "nothing written");

        onEdt(() -> {
            editor.addKey("test…6789");
            return null;
        });
        assertTrue(onEdt(editor::errorText).contains("looks masked"));
        onEdt(() -> {
            editor.addKey(ChannelRelays.OTHER_KEY);
            editor.nameField().setText("alpha-renamed");
            editor.baseUrlField().setText("https://alpha.example.com/v1");
            return null;
        });
        assertEquals(2, onEdt(editor::shownKeys).size());
        onEdt(editor::save).get(10, TimeUnit.SECONDS);

        var saved = fx.store.channels().get("alpha-renamed");
        assertEquals("https://alpha.example.com/v1", saved.baseUrl());
        assertEquals(2, saved.keys().size());
        assertEquals("alpha-renamed", cell(0, 0));
        assertEquals("alpha-renamed", onEdt(tab::selectedName));
        assertEquals(3, cell(0, 3), "its models came along with the rename");
    }

    @Test
    void withoutChannelsTheTabSaysHowToStart() throws Exception {
        fx.store.channels().remove("alpha");
        fx.store.channels().remove("bravo");
        onEdt(() -> {
            tab.refresh();
            return null;
        });
        assertEquals(0, (int) onEdt(() -> tab.table().getRowCount()));
        assertFalse(onEdt(() -> tab.editButton().isEnabled() || tab.deleteButton().isEnabled()));
        assertTrue(onEdt(() -> tab.addButton().isEnabled()));
    }
}
