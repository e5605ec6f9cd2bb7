package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Entry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel saved with fewer models than its relay lists gains the others from the window: through Edit channel's
 * "Add models…" and through the Models tab's, under Xvfb, against a relay listing three models.
 */
class AddModelsFlowTest {
    @TempDir
    Path folder;
    UiFixture fx;
    WireMockServer relay;

    @BeforeEach
    void build() {
        UiFixture.assumeDisplay();
        fx = new UiFixture(folder);
        relay = new WireMockServer(options().dynamicPort());
        relay.start();
        ChannelRelays.listsThreeModels(relay);
        fx.store.channels().createWithModels(ChannelDraft.of("relay", ApiType.OPENAI,
                "http://localhost:" + relay.port() + "/v1", List.of(ChannelRelays.KEY)), List.of("gpt-3.5-turbo"), true);
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

    private List<String> models() {
        return fx.store.snapshot().entries().stream().map(Entry::model).sorted().toList();
    }

    @Test
    void editChannelFetchesItsListAtOnceTicksItAndAddsWhatItLacks() throws Exception {
        var tab = onEdt(() -> {
            var t = new ChannelsTab(fx.ctx, ChannelRelays.JAN_2025);
            t.shown();
            t.select("relay");
            return t;
        });
        var editor = onEdt(tab::newEditor);
        var picker = onEdt(editor::newAddModels);
        // owned by the modal editor, not the main window: a dialog owned by the window could open behind it
        assertSame(editor.dialog(), onEdt(() -> picker.dialog().getOwner()));

        onEdt(picker::fetch).get(60, TimeUnit.SECONDS);

        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"),
                onEdt(picker::listedModels));
        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"),
                onEdt(picker::checkedModels), "recent, already added, and new to the catalog");
        onEdt(() -> {
            picker.setChecked("house-model", false);
            return null;
        });

        onEdt(picker::add).get(30, TimeUnit.SECONDS);

        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo"), models());
        assertFalse(onEdt(() -> picker.dialog().isDisplayable()), "closed when added");
        assertEquals("Added 1 models to relay; they joined auto.", onEdt(tab::message));
        assertEquals(2, onEdt(() -> tab.table().getValueAt(tab.table().getSelectedRow(), 3)));
    }

    @Test
    void theModelsTabAddsModelsToAChannelToo() throws Exception {
        var tab = onEdt(() -> {
            var t = new ModelsTab(fx.ctx);
            t.shown();
            return t;
        });
        assertTrue(onEdt(() -> tab.entries().addModelsButton().isEnabled()));
        var picker = onEdt(tab::newAddModels);
        assertNotNull(picker);

        onEdt(picker::fetch).get(60, TimeUnit.SECONDS);
        onEdt(() -> {
            picker.setChecked("house-model", true);
            picker.setChecked("claude-3-5-sonnet-20241022", false);
            return null;
        });
        onEdt(picker::add).get(30, TimeUnit.SECONDS);

        assertEquals(List.of("gpt-3.5-turbo", "house-model"), models());
        assertTrue(onEdt(() -> tab.message().getText()).contains("Added 1 models to relay"),
                () -> tab.message().getText());
    }

    @Test
    void nothingNewTickedIsSaidAndTheDialogStaysOpen() throws Exception {
        var tab = onEdt(() -> {
            var t = new ModelsTab(fx.ctx);
            t.shown();
            return t;
        });
        var picker = onEdt(tab::newAddModels);
        onEdt(picker::fetch).get(60, TimeUnit.SECONDS);
        onEdt(() -> {
            picker.listedModels().forEach(m -> picker.setChecked(m, m.equals("gpt-3.5-turbo")));
            return null;
        });

        onEdt(picker::add).get(30, TimeUnit.SECONDS);

        assertTrue(onEdt(picker::errorText).contains("Nothing new is ticked"), picker::errorText);
        assertTrue(onEdt(() -> picker.dialog().isDisplayable()));
        assertEquals(List.of("gpt-3.5-turbo"), models());
    }
}
