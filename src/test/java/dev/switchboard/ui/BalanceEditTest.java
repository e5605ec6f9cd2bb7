package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.balance.BalancePreset;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel editor's balance fields without a display: set, changed, masked, refused, removed. */
class BalanceEditTest {
    static final String TOKEN = "access-token-FAKE-editor-12121212";

    @TempDir
    Path dir;
    Store store;
    final Messages en = Messages.of("en", Locale.ENGLISH);

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("sk-FAKE-editor-key-34343434")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChannelEdit edit() {
        return new ChannelEdit(store.channels().get("relay"), en);
    }

    private void save(ChannelEdit e) {
        var c = e.current();
        e.save(store, c.name(), c.type(), c.baseUrl(), c.enabled());
    }

    @Test
    void customQueryWithASecretHeaderIsSavedAndShownMasked() {
        var e = edit();
        assertEquals("none", e.balance().preset());
        e.balanceFields("custom", "/api/user/self", "$.data.quota / 500000", "", "USD", "20%");
        e.setBalanceHeader("Authorization", TOKEN);
        save(e);

        var q = store.channels().get("relay").balanceQuery();
        assertEquals(BalancePreset.CUSTOM, q.preset());
        assertEquals("/api/user/self", q.url());
        assertEquals("$.data.quota / 500000", q.mapping().remaining());
        assertEquals(TOKEN, q.headers().get("Authorization"));
        var shown = edit().balance();
        assertEquals("20%", shown.low());
        assertFalse(shown.headers().get("Authorization").contains(TOKEN), shown.toString());
    }

    @Test
    void badExpressionIsRefusedOnSaveAndNothingIsStored() {
        var e = edit();
        e.balanceFields("custom", "/b", "$.a + ", "", "", "");

        var refused = assertThrows(StoreException.class, () -> save(e));

        assertTrue(refused.getMessage().contains("position"), refused.getMessage());
        assertNull(store.channels().get("relay").balanceQuery());
    }

    @Test
    void fieldsLeftAsShownChangeNothingAndNoneRemoves() {
        var e = edit();
        e.balanceFields("deepseek", "", "", "", "", "");
        save(e);
        var again = edit();
        var b = again.balance();
        again.balanceFields(b.preset(), b.url(), b.remaining(), b.total(), b.unit(), b.low());
        assertEquals(store.channels().get("relay").balanceQuery(), again.current().balanceQuery());

        var removing = edit();
        removing.balanceFields("none", "", "", "", "", "");
        save(removing);
        assertNull(store.channels().get("relay").balanceQuery());
    }

    @Test
    void headerBeforeAQueryIsRefused() {
        var e = assertThrows(StoreException.class, () -> edit().setBalanceHeader("X-Token", TOKEN));
        assertTrue(e.getMessage().contains("preset"), e.getMessage());
    }
}
