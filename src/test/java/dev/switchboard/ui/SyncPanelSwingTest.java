package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.sync.DavServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Sync section of the Settings tab, built for real under a display and driven through its components. */
class SyncPanelSwingTest {
    static final String KEY = "sk-FAKE-panel-key-1";

    @TempDir
    Path dir;

    private UiFixture fx;
    private DavServer dav;
    private SettingsTab tab;

    @BeforeEach
    void build() throws Exception {
        UiFixture.assumeDisplay();
        dav = new DavServer();
        fx = new UiFixture(dir);
        fx.store.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of(KEY), Map.of(), null, Map.of(), true));
        tab = onEdt(() -> new SettingsTab(fx.ctx, new SettingsForm(fx.store, enabled -> { })));
        onEdt(() -> {
            tab.shown();
            return null;
        });
        tab.sync().pending().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
        if (dav != null) {
            dav.close();
        }
    }

    @Test
    void savingThenPushingFromTheSectionReachesTheFolderAndThePasswordIsNeverShown() throws Exception {
        var panel = tab.sync();
        onEdt(() -> {
            panel.url().setText(dav.folderUrl());
            panel.user().setText(DavServer.USER);
            panel.password().setText(DavServer.PASSWORD);
            panel.setDialogs(new SyncPresenter.Dialogs() {
                @Override
                public String askPassphrase(boolean push) {
                    return "a long FAKE passphrase";
                }

                @Override
                public SyncPresenter.Choice resolve(String explanation, List<String> differences) {
                    return SyncPresenter.Choice.CANCEL;
                }
            });
            return panel.save();
        }).get(10, TimeUnit.SECONDS);
        panel.pending().get(10, TimeUnit.SECONDS);
        onEdt(() -> {
            assertTrue(panel.message().startsWith("Saved"), panel.message());
            assertEquals("", new String(panel.password().getPassword()), "the password stays in the field");
            assertEquals("stored; leave empty to keep it", panel.password().getClientProperty(
                    "JTextField.placeholderText"));
            assertEquals(dav.folderUrl(), panel.url().getText());
            return null;
        });

        onEdt(panel::push).get(30, TimeUnit.SECONDS);
        onEdt(() -> {
            assertTrue(panel.message().startsWith("Pushed"), panel.message());
            return null;
        });
        assertFalse(dav.file().contains(KEY));
        onEdt(panel::status).get(10, TimeUnit.SECONDS);
        onEdt(() -> {
            assertTrue(panel.message().startsWith("In sync."), panel.message());
            return null;
        });
    }
}
