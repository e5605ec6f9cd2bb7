package dev.switchboard.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token is a secret Switchboard holds: no text may show it, whether it was made now or read. */
class AdminTokenTest {
    @TempDir
    Path dir;

    private static void assertRedacted(String token) {
        var redacted = Redaction.redact("echoed: " + token + ".");
        assertFalse(redacted.contains(token), redacted);
        assertTrue(redacted.contains(ApiKey.mask(token)), redacted);
    }

    @Test
    void aTokenMadeNowIsRedactedFromAnyText() {
        var token = AdminToken.loadOrCreate(dir);

        assertRedacted(token);
    }

    @Test
    void aTokenReadFromTheDataFolderIsRedactedFromAnyText() throws Exception {
        var stored = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Files.writeString(dir.resolve(AdminToken.FILE_NAME), stored + "\n");

        var token = AdminToken.loadOrCreate(dir);

        assertEquals(stored, token);
        assertRedacted(token);
    }
}
