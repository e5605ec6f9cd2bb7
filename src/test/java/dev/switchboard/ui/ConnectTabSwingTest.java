package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connect.Agent;
import dev.switchboard.connect.Connector;
import dev.switchboard.connect.Locations;
import dev.switchboard.connect.Target;
import dev.switchboard.service.GatewayState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Connect a client" tab built for real under a display (Xvfb in CI). */
class ConnectTabSwingTest {
    @TempDir
    Path dir;

    private UiFixture fx;
    private ConnectTab tab;
    private final SettingsTabSwingTest.RecordingShell shell = new SettingsTabSwingTest.RecordingShell();

    @BeforeEach
    void open() {
        UiFixture.assumeDisplay();
        fx = new UiFixture(dir, "en", shell);
    }

    @AfterEach
    void close() throws Exception {
        if (tab != null) {
            onEdt(() -> {
                tab.hidden(); // as the window does before Quit closes the store
                return null;
            });
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void showsTheClaudeCodeSnippetForTheRunningGatewayAndCopiesIt() throws Exception {
        var state = fx.app.start();
        assertTrue(state instanceof GatewayState.Running, state.toString());
        var base = ((GatewayState.Running) state).baseUrl();
        tab = onEdt(() -> new ConnectTab(fx.ctx));
        onEdt(() -> {
            tab.shown();
            return null;
        });

        assertEquals(ConnectSnippets.Client.CLAUDE_CODE, onEdt(() -> tab.clientList().getSelectedValue()));
        assertEquals(ConnectSnippets.Client.values().length, (int) onEdt(() -> tab.clientList().getModel().getSize()));
        var text = onEdt(() -> tab.snippetArea().getText());
        assertTrue(text.contains("ANTHROPIC_BASE_URL") && text.contains(base + "\""), text);
        assertFalse(text.contains(base + "/v1"), text);
        assertFalse(onEdt(() -> tab.snippetArea().isEditable()));

        onEdt(() -> {
            tab.shellChooser().setSelectedItem(ConnectSnippets.ShellKind.CMD);
            return null;
        });
        var cmd = onEdt(() -> tab.snippetArea().getText());
        assertTrue(cmd.contains("set \"ANTHROPIC_BASE_URL=" + base + "\""), cmd);

        onEdt(() -> {
            tab.clientList().setSelectedValue(ConnectSnippets.Client.CODEX, true);
            return null;
        });
        var codex = onEdt(() -> tab.snippetArea().getText());
        assertTrue(codex.contains("base_url = \"" + base + "/v1\""), codex);

        onEdt(() -> {
            tab.copyButton().doClick();
            return null;
        });
        assertEquals(List.of("copy " + codex), shell.calls);
    }

    @Test
    void whileStoppedItShowsTheAddressOfThePortSetting() throws Exception {
        fx.store.settings().set(dev.switchboard.store.Setting.PORT, "9345");
        tab = onEdt(() -> new ConnectTab(fx.ctx));
        onEdt(() -> {
            tab.shown();
            tab.clientList().setSelectedValue(ConnectSnippets.Client.OPENAI_SDK, true);
            return null;
        });
        var text = onEdt(() -> tab.snippetArea().getText());
        assertTrue(text.contains("http://127.0.0.1:9345/v1"), text);
        // a restart on another port is followed without a click
        fx.store.settings().set(dev.switchboard.store.Setting.PORT, "9346");
        onEdt(() -> {
            tab.refresh();
            return null;
        });
        assertTrue(onEdt(() -> tab.snippetArea().getText()).contains("http://127.0.0.1:9346/v1"));
    }

    @Test
    void applyShowsTheDiffWritesOnlyWhenConfirmedAndUndoIsEnabledOnlyWithABackup() throws Exception {
        var home = dir.resolve("home");
        Files.createDirectories(home);
        var presenter = new ConnectPresenter(new Connector(new Locations(home, Map.of()), dir.resolve("data")),
                () -> new Target("http://127.0.0.1:9345", Target.LOOPBACK_KEY), fx.ctx.text());
        tab = onEdt(() -> new ConnectTab(fx.ctx, presenter));
        var asked = new ArrayList<String>();
        var settings = home.resolve(".claude/settings.json");

        assertFalse(onEdt(() -> tab.undoButton(Agent.CLAUDE_CODE).isEnabled()));
        onEdt(() -> {
            tab.confirm = (title, diff) -> {
                asked.add(title + "\n" + diff);
                return false; // the person cancels
            };
            tab.applyButton(Agent.CLAUDE_CODE).doClick();
            return null;
        });
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).startsWith("Change Claude Code's configuration like this?\n--- /dev/null"), asked.get(0));
        assertTrue(asked.get(0).contains("+    \"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:9345\""), asked.get(0));
        assertFalse(Files.exists(settings));
        assertFalse(onEdt(() -> tab.undoButton(Agent.CLAUDE_CODE).isEnabled()));

        onEdt(() -> {
            tab.confirm = (title, diff) -> true;
            tab.applyButton(Agent.CLAUDE_CODE).doClick();
            return null;
        });
        assertTrue(Files.readString(settings).contains("ANTHROPIC_AUTH_TOKEN"));
        assertTrue(onEdt(() -> tab.undoButton(Agent.CLAUDE_CODE).isEnabled()));
        assertFalse(onEdt(() -> tab.undoButton(Agent.CODEX).isEnabled()));
        assertTrue(onEdt(tab::agentNote).contains("Claude Code now uses Switchboard"));

        onEdt(() -> {
            tab.undoButton(Agent.CLAUDE_CODE).doClick();
            return null;
        });
        assertFalse(Files.exists(settings));
        assertFalse(onEdt(() -> tab.undoButton(Agent.CLAUDE_CODE).isEnabled()));
    }
}
