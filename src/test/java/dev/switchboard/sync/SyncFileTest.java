package dev.switchboard.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.Setting;
import dev.switchboard.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder's one file: a keyless export plus the sealed secrets, and back. */
class SyncFileTest {
    private static final String OUTBOUND_PASSWORD = "outbound-FAKE-pass-1";

    @TempDir
    Path temp;

    private Machine m;

    @BeforeEach
    void open() {
        m = new Machine(temp).populated();
        m.store.settings().set(Setting.OUTBOUND_PROXY, "http://me:" + OUTBOUND_PASSWORD + "@proxy.example.test:3128");
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void withoutItsSecretsTheFileIsExactlyTheKeylessExport() {
        var full = ConfigExport.export(m.store, true);
        var keyless = ConfigExport.export(m.store, false);
        assertEquals(keyless, SyncFile.withoutSecrets(full));
    }

    @Test
    void theSealedFileHoldsNoSecretAndOpensToTheExportWithKeys() {
        var full = ConfigExport.export(m.store, true);
        var file = SyncFile.seal(full, Machine.PASSPHRASE, new SecretBox(1_000));
        var text = new String(file, StandardCharsets.UTF_8);
        for (var secret : Machine.SECRETS) {
            assertFalse(text.contains(secret), "the file shows " + secret);
        }
        assertFalse(text.contains(OUTBOUND_PASSWORD));
        assertEquals(ConfigExport.export(m.store, false), SyncFile.plain(file));
        assertEquals(full, SyncFile.open(file, Machine.PASSPHRASE));
    }

    @Test
    void theFingerprintIgnoresWhenTheExportWasMadeButNotWhatChanged() {
        var first = ConfigExport.export(m.store, true);
        var later = first.deepCopy().put("exportedAt", "2030-01-01T00:00:00Z");
        assertEquals(SyncFile.fingerprint(first), SyncFile.fingerprint(later));
        m.store.channels().update("relay", dev.switchboard.store.ChannelPatch.builder().addKey("sk-FAKE-another-key-9").build());
        assertNotEquals(SyncFile.fingerprint(first), SyncFile.fingerprint(ConfigExport.export(m.store, true)),
                "a new key is a change to sync");
    }

    @Test
    void reformattingTheFileDoesNotBreakTheSeal() throws Exception {
        var full = ConfigExport.export(m.store, true);
        var file = SyncFile.seal(full, Machine.PASSPHRASE, new SecretBox(1_000));
        var compact = dev.switchboard.json.Mappers.JSON.readTree(file).toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(full, SyncFile.open(compact, Machine.PASSPHRASE));
    }

    @Test
    void aFileThatIsNotOursIsRefusedSayingWhat() {
        var e = assertThrows(StoreException.class, () -> SyncFile.open("<html>login</html>".getBytes(
                StandardCharsets.UTF_8), Machine.PASSPHRASE));
        assertTrue(e.getMessage().contains("is not a Switchboard sync file"), e.getMessage());
        var keyless = SyncFile.text(ConfigExport.export(m.store, false), true).getBytes(StandardCharsets.UTF_8);
        var none = assertThrows(StoreException.class, () -> SyncFile.open(keyless, Machine.PASSPHRASE));
        assertTrue(none.getMessage().contains("no encrypted secrets section"), none.getMessage());
    }

    @Test
    void aBalanceQuerysSecretHeaderTravelsSealedAndTheKeyPlacingOneInTheOpen() {
        var secret = "FAKE-openrouter-management-key-0042";
        m.store.channels().update("relay", dev.switchboard.store.ChannelPatch.builder().balance(
                new BalanceQuery.Edit(false, "openrouter", null, null,
                        Map.of("X-Management-Key", secret, "Authorization", "Bearer {key}"), null, null)).build());
        var full = ConfigExport.export(m.store, true);
        assertEquals(ConfigExport.export(m.store, false), SyncFile.withoutSecrets(full));

        var file = SyncFile.seal(full, Machine.PASSPHRASE, new SecretBox(1_000));
        var text = new String(file, StandardCharsets.UTF_8);
        assertFalse(text.contains(secret), "the balance header's value is in the open: " + text);
        assertTrue(text.contains("Bearer {key}"), "placing the key is no secret");
        assertEquals(full, SyncFile.open(file, Machine.PASSPHRASE));
    }
}
