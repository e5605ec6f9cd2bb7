package dev.switchboard.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Line edits of TOML: where a key goes when its place is not there yet, and what stays as it was. */
class TomlTextTest {
    private static final Path FILE = Path.of("config.toml");

    @Test
    void aFirstRootKeyGoesAboveTheFirstTableAndTheCommentThatBelongsToIt() {
        var toml = new TomlText(FILE, "# about docs\n[mcp_servers.docs]\ncommand = \"npx\"\n");
        toml.setRoot("model", "auto");
        assertEquals("model = \"auto\"\n\n# about docs\n[mcp_servers.docs]\ncommand = \"npx\"\n", toml.text());
    }

    @Test
    void anEmptyFileGetsTheKeyAndTheTable() {
        var toml = new TomlText(FILE, "");
        toml.setRoot("model", "auto");
        toml.setInTable("model_providers.switchboard", "name", "Switchboard");
        assertEquals("model = \"auto\"\n\n[model_providers.switchboard]\nname = \"Switchboard\"\n", toml.text());
    }

    @Test
    void windowsLineEndsAndAQuotedTableNameAreKept() {
        var toml = new TomlText(FILE, "model = 'o3'\r\n\r\n[model_providers.\"switchboard\"]\r\nname = \"x\"\r\n");
        toml.setRoot("model", "auto");
        toml.setInTable("model_providers.switchboard", "name", "Switchboard");
        toml.setInTable("model_providers.switchboard", "wire_api", "responses");
        assertEquals("model = \"auto\"\r\n\r\n[model_providers.\"switchboard\"]\r\nname = \"Switchboard\"\r\n"
                + "wire_api = \"responses\"\r\n", toml.text());
    }

    @Test
    void valuesAreQuotedAsTomlBasicStrings() {
        assertEquals("\"a\\\"b\\\\c\"", TomlText.quote("a\"b\\c"));
    }
}
