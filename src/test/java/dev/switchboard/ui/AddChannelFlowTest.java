package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The add-channel dialog under Xvfb, driven through its own methods (the ones its buttons call) against an
 * OpenAI-compatible relay listing three models, until the channel and its models are in the store.
 */
class AddChannelFlowTest {
    @TempDir
    Path folder;
    UiFixture fx;
    WireMockServer relay;
    String site;
    ChannelsTab tab;

    @BeforeEach
    void build() throws Exception {
        UiFixture.assumeDisplay();
        fx = new UiFixture(folder);
        relay = new WireMockServer(options().dynamicPort());
        relay.start();
        site = "http://localhost:" + relay.port();
        fx.store.channels().create(ChannelDraft.of("existing", ApiType.OPENAI, "https://existing.example.com/v1",
                List.of(ChannelRelays.OTHER_KEY)));
        tab = onEdt(() -> {
            var t = new ChannelsTab(fx.ctx, ChannelRelays.JAN_2025);
            t.shown();
            return t;
        });
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

    @Test
    void pasteDetectAndSaveAddsTheChannelWithItsTickedModels() throws Exception {
        ChannelRelays.listsThreeModels(relay);
        var dialog = onEdt(tab::newAddDialog);
        onEdt(() -> {
            dialog.urlField().setText(site);
            dialog.keyField().setText(ChannelRelays.KEY);
            return null;
        });
        assertEquals("localhost-" + relay.port(), onEdt(() -> dialog.nameField().getText()), "suggested from the host");
        assertEquals("Auto-detect", onEdt(() -> dialog.typeBox().getSelectedItem()));
        assertFalse(onEdt(() -> dialog.fetchButton().isEnabled()), "the type is not known before detection");

        onEdt(dialog::detect).get(60, TimeUnit.SECONDS);

        var verdict = onEdt(dialog::verdictText);
        assertTrue(verdict.contains("API type: openai. Detected openai at " + site + "/v1"), verdict);
        assertTrue(verdict.contains("its model list answered with 3 models"), verdict);
        assertTrue(onEdt(() -> dialog.acceptBaseBox().isVisible() && dialog.acceptBaseBox().isSelected()),
                "the corrected base is offered and accepted by default");
        assertTrue(onEdt(() -> dialog.acceptBaseBox().getText()).contains(site + "/v1"));
        assertEquals(site + "/v1", onEdt(dialog::effectiveBase));
        int probes = onEdt(dialog::probeCount);
        assertTrue(probes > 1, "every probe is shown");
        var listed = false;
        for (int i = 0; i < probes; i++) {
            int n = i;
            var row = onEdt(() -> dialog.probeRow(n));
            assertFalse(String.join(" ", row).contains(ChannelRelays.KEY), row::toString);
            listed |= row.get(0).equals(site + "/v1/models") && row.get(2).equals("200")
                    && row.get(4).equals("models: 3");
        }
        assertTrue(listed, "the probe that found the list is in the evidence");
        assertTrue(onEdt(() -> dialog.fetchButton().isEnabled()));

        // listed at once by Detect, no Fetch needed
        assertEquals(List.of("claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "house-model"),
                onEdt(dialog::listedModels));
        assertEquals(List.of("claude-3-5-sonnet-20241022", "house-model"), onEdt(dialog::checkedModels),
                "the recent one (October 2024, within six months of the test's January 2025) and the one new to"
                        + " the catalog are ticked");
        onEdt(() -> {
            dialog.nameField().setText("my-relay");
            return null;
        });

        onEdt(dialog::save).get(30, TimeUnit.SECONDS);

        var channel = fx.store.channels().get("my-relay");
        assertEquals(ApiType.OPENAI, channel.type());
        assertEquals(site + "/v1", channel.baseUrl());
        assertEquals(ChannelRelays.KEY, channel.keys().get(0).reveal());
        var snapshot = fx.store.snapshot();
        var refs = snapshot.entries().stream().filter(e -> e.channelId() == channel.id()).map(e -> e.ref()).toList();
        assertEquals(List.of("my-relay/claude-3-5-sonnet-20241022", "my-relay/house-model"), refs);
        assertEquals(2, snapshot.group("auto").orElseThrow().memberIds().size(), "both joined auto");
        assertFalse(onEdt(() -> dialog.dialog().isDisplayable()), "the dialog closed");
        // the tab shows it, selected
        assertEquals(2, (int) onEdt(() -> tab.table().getRowCount()));
        assertEquals("my-relay", onEdt(tab::selectedName));
        assertEquals(2, onEdt(() -> tab.table().getValueAt(tab.table().getSelectedRow(), 3)));
        assertEquals("Added channel my-relay.", onEdt(tab::message));
    }

    @Test
    void savingWithNoModelTickedAsksFirst() throws Exception {
        ChannelRelays.listsThreeModels(relay);
        var dialog = onEdt(tab::newAddDialog);
        var asked = new java.util.ArrayList<String>();
        var answer = new java.util.concurrent.atomic.AtomicBoolean(false);
        onEdt(() -> {
            dialog.confirm = (question, title) -> {
                asked.add(question);
                return answer.get();
            };
            dialog.urlField().setText(site + "/v1");
            dialog.keyField().setText(ChannelRelays.KEY);
            dialog.nameField().setText("bare");
            return null;
        });
        onEdt(dialog::detect).get(60, TimeUnit.SECONDS);
        onEdt(() -> {
            dialog.listedModels().forEach(m -> dialog.setChecked(m, false));
            return null;
        });

        onEdt(dialog::save).get(30, TimeUnit.SECONDS);

        assertEquals(1, asked.size());
        assertTrue(asked.get(0).contains("No model is ticked"), asked::toString);
        assertTrue(fx.store.channels().find("bare").isEmpty(), "declined: nothing saved");
        assertTrue(onEdt(() -> dialog.dialog().isDisplayable()), "the dialog stays open to tick some");

        answer.set(true);
        onEdt(dialog::save).get(30, TimeUnit.SECONDS);
        assertTrue(fx.store.channels().find("bare").isPresent(), "confirmed: saved without models");
    }

    @Test
    void aRejectedKeyIsShownInTheDialogAndNothingIsSaved() throws Exception {
        ChannelRelays.listsThreeModels(relay);
        var dialog = onEdt(tab::newAddDialog);
        onEdt(() -> {
            dialog.urlField().setText(site + "/v1");
            dialog.keyField().setText("test-key-wrong-0123456789");
            return null;
        });

        onEdt(dialog::detect).get(60, TimeUnit.SECONDS);

        var error = onEdt(dialog::errorText);
        assertTrue(error.contains("The upstream rejected the key: localhost:" + relay.port() + " answered HTTP 401"),
                error);
        assertFalse(error.contains("test-key-wrong"));
        assertEquals(1, fx.store.channels().list().size());
    }

    @Test
    void aNameAlreadyTakenIsRefusedInlineAndTheDialogStaysOpen() throws Exception {
        var dialog = onEdt(tab::newAddDialog);
        onEdt(() -> {
            dialog.urlField().setText("https://api.existing.com/v1");
            dialog.keyField().setText(ChannelRelays.KEY);
            return null;
        });
        assertEquals("existing-2", onEdt(() -> dialog.nameField().getText()), "the suggestion avoids taken names");
        onEdt(() -> {
            dialog.nameField().setText("Existing");
            dialog.typeBox().setSelectedItem("openai");
            dialog.confirm = (question, title) -> true; // yes, without models: the name is what is refused
            return null;
        });

        onEdt(dialog::save).get(30, TimeUnit.SECONDS);

        assertTrue(onEdt(dialog::errorText).contains("already exists"), dialog::errorText);
        assertEquals(1, fx.store.channels().list().size());
        assertEquals(List.of(ChannelRelays.OTHER_KEY),
                fx.store.channels().get("existing").keys().stream().map(k -> k.reveal()).toList());
    }
}
