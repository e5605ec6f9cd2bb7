package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connect.Agent;
import dev.switchboard.connect.Connector;
import dev.switchboard.connect.Locations;
import dev.switchboard.connect.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Connect tab's Apply and Undo, without a display, over a temporary home. */
class ConnectPresenterTest {
    @TempDir
    Path home;
    @TempDir
    Path data;

    private ConnectPresenter presenter;

    @BeforeEach
    void setUp() {
        var connector = new Connector(new Locations(home, Map.of()), data);
        presenter = new ConnectPresenter(connector, () -> new Target("http://127.0.0.1:9345", Target.LOOPBACK_KEY),
                Messages.of("en", Locale.ENGLISH));
    }

    @Test
    void aPreviewShowsTheDiffAndWritesNothingUntilItIsCarriedOut() throws IOException {
        var preview = presenter.previewApply(Agent.OPENCODE);
        assertNull(preview.problem());
        assertTrue(preview.diff().contains("+    \"switchboard\": {"), preview.diff());
        assertFalse(Files.exists(home.resolve(".config")));
        assertFalse(presenter.canUndo(Agent.OPENCODE));
        assertEquals("not changed", presenter.state(Agent.OPENCODE));

        assertEquals("OpenCode now uses Switchboard. Undo restores its files as they were.",
                presenter.carryOut(preview));
        assertTrue(Files.readString(home.resolve(".config/opencode/opencode.json")).contains("switchboard/auto"));
        assertTrue(presenter.canUndo(Agent.OPENCODE));
        assertEquals("set up by Switchboard", presenter.state(Agent.OPENCODE));
    }

    @Test
    void undoRestoresAndThenThereIsNothingLeftToUndo() throws IOException {
        Files.createDirectories(home.resolve(".codex"));
        Files.writeString(home.resolve(".codex/config.toml"), "# mine\nmodel = \"o3\"\n");
        presenter.carryOut(presenter.previewApply(Agent.CODEX));

        var undo = presenter.previewUndo(Agent.CODEX);
        assertTrue(undo.diff().contains("+model = \"o3\""), undo.diff());
        assertEquals("Codex CLI's files are as they were before Switchboard changed them.", presenter.carryOut(undo));
        assertEquals("# mine\nmodel = \"o3\"\n", Files.readString(home.resolve(".codex/config.toml")));
        assertFalse(presenter.canUndo(Agent.CODEX));
        assertNotNull(presenter.previewUndo(Agent.CODEX).problem());
    }

    @Test
    void aRefusalIsSaidAndNothingIsWritten() throws IOException {
        Files.createDirectories(home.resolve(".claude"));
        Files.writeString(home.resolve(".claude/settings.json"), "{ // mine\n}\n");
        var preview = presenter.previewApply(Agent.CLAUDE_CODE);
        assertTrue(preview.problem().startsWith("Claude Code: "), preview.problem());
        assertEquals(preview.problem(), presenter.carryOut(preview));
        assertEquals("{ // mine\n}\n", Files.readString(home.resolve(".claude/settings.json")));
        assertFalse(presenter.canUndo(Agent.CLAUDE_CODE));
    }

    @Test
    void applyingWhatIsAlreadyThereSaysSo() {
        presenter.carryOut(presenter.previewApply(Agent.GEMINI_CLI));
        var again = presenter.previewApply(Agent.GEMINI_CLI);
        assertTrue(again.nothingToDo());
        assertEquals("Gemini CLI already uses Switchboard: nothing to change.", presenter.carryOut(again));
    }
}
