package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ChannelPatch;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.ConfigImport;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a channel without a display: only what changed changes, secrets stay masked, the store validates. */
class ChannelEditTest {
    @TempDir
    Path folder;
    Store store;
    final Messages en = Messages.of("en", Locale.ENGLISH);

    @BeforeEach
    void open() {
        store = Store.open(folder, Database.Check.QUICK, ChannelRelays.JAN_2025);
        store.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.com/v1",
                List.of(ChannelRelays.KEY), Map.of("X-Relay-Token", "test-header-secret-42"),
                "socks5://me:test-proxy-pass@proxy.local:1080", Map.of(), true));
        store.entries().add("relay", "gpt-4o", null, true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChannelEdit edit() {
        return new ChannelEdit(store.channels().get("relay"), en);
    }

    /** A channel from a keyless export on another machine: no key, a withheld header, a masked proxy password. */
    private void importWithheld() {
        var file = "{\"format\":\"switchboard-config\",\"version\":1,\"keysIncluded\":false,\"channels\":[{"
                + "\"name\":\"moved\",\"type\":\"openai\",\"baseUrl\":\"https://moved.example.com/v1\","
                + "\"headers\":{\"X-Token\":null},\"proxy\":\"socks5://me:****@proxy.local:1080\","
                + "\"enabled\":true,\"models\":[{\"model\":\"gpt-4o\",\"enabled\":true}]}]}";
        ConfigImport.apply(store, ConfigDocument.parse(file), ConfigImport.Mode.MERGE);
    }

    @Test
    void aWithheldHeaderIsListedAsNeedingItsValueAndGivingEverythingEnablesTheChannel() {
        importWithheld();
        var e = new ChannelEdit(store.channels().get("moved"), en);
        assertEquals(Map.of("X-Token", en.get("channels.edit.valueNeeded")), e.headers());
        assertEquals("socks5://me:****@proxy.local:1080", e.proxy());

        e.addKey(ChannelRelays.KEY);
        e.setHeader("X-Token", "test-header-secret-77");
        e.proxyField(e.proxy()); // untouched: the password is still the one missing
        var partial = e.save(store, "moved", ApiType.OPENAI, "https://moved.example.com/v1", false);
        assertFalse(partial.enabled(), "still short of the proxy password");
        assertEquals(List.of("the proxy password"), partial.missingSecrets());

        var again = new ChannelEdit(partial, en);
        again.proxyField("socks5://me:test-proxy-pass@proxy.local:1080");
        var saved = again.save(store, "moved", ApiType.OPENAI, "https://moved.example.com/v1", false);
        assertTrue(saved.enabled() && !saved.needsSecrets(), "enabled by itself, as the file had it: " + saved);
        assertEquals("test-header-secret-77", saved.headers().get("X-Token"));
    }

    @Test
    void showsSecretsOnlyMasked() {
        var e = edit();
        assertEquals(List.of("test…6789"), e.keys());
        assertEquals(Map.of("X-Relay-Token", "test…t-42"), e.headers());
        assertEquals("socks5://me:****@proxy.local:1080", e.proxy());
    }

    @Test
    void savingUnchangedKeepsEveryKeyHeaderAndTheProxy() {
        var e = edit();
        e.proxyField(e.proxy()); // the field as shown, untouched
        var saved = e.save(store, "relay", ApiType.OPENAI, "https://relay.example.com/v1", true);
        assertEquals(ChannelRelays.KEY, saved.keys().get(0).reveal());
        assertEquals("test-header-secret-42", saved.headers().get("X-Relay-Token"));
        assertEquals("socks5://me:test-proxy-pass@proxy.local:1080", saved.proxy());
    }

    @Test
    void renamesRetypesAndAddsAKeyKeepingTheModels() {
        var e = edit();
        e.addKey(" " + ChannelRelays.OTHER_KEY + " ");
        assertEquals(List.of("test…6789", "test…6789"), e.keys());
        var saved = e.save(store, "renamed", ApiType.RESPONSES, "https://relay.example.com/v1", false);

        assertEquals("renamed", saved.name());
        assertEquals(ApiType.RESPONSES, saved.type());
        assertFalse(saved.enabled());
        assertEquals(List.of(ChannelRelays.KEY, ChannelRelays.OTHER_KEY),
                saved.keys().stream().map(k -> k.reveal()).toList());
        assertEquals(List.of("renamed/gpt-4o"), store.entries().list().stream().map(x -> x.ref()).toList());
    }

    @Test
    void replacesTheKeysAndRemovesHeaderAndProxy() {
        var e = edit();
        e.replaceKeys(ChannelRelays.OTHER_KEY);
        e.removeHeader("x-relay-token");
        e.setHeader("X-Title", "Switchboard");
        e.proxyField("");
        var saved = e.save(store, "relay", ApiType.OPENAI, "https://relay.example.com/v1", true);

        assertEquals(List.of(ChannelRelays.OTHER_KEY), saved.keys().stream().map(k -> k.reveal()).toList());
        assertEquals(Map.of("X-Title", "Switchboard"), saved.headers());
        assertNull(saved.proxy());
    }

    @Test
    void refusesMaskedOrRepeatedSecrets() {
        var e = edit();
        var masked = assertThrows(StoreException.class, () -> e.addKey("test…6789"));
        assertTrue(masked.getMessage().contains("looks masked"), masked::getMessage);
        var same = assertThrows(StoreException.class, () -> e.addKey(ChannelRelays.KEY));
        assertEquals("The channel already has the key test…6789.", same.getMessage());
        assertThrows(StoreException.class, () -> e.setHeader("X-Relay-Token", "test…t-42"));
        assertThrows(StoreException.class, () -> e.proxyField("socks5://me:****@other.local:1080"));
        assertThrows(StoreException.class, () -> e.addKey("two words"));
        assertEquals(List.of("test…6789"), e.keys(), "nothing changed");
    }

    @Test
    void theStoresValidationMessagesComeThrough() {
        var e = edit();
        var url = assertThrows(StoreException.class, () -> e.save(store, "relay", ApiType.OPENAI, "ftp://x", true));
        assertTrue(url.getMessage().contains("is not an http:// or https:// URL"), url::getMessage);
        e.removeKey(0);
        var noKey = assertThrows(StoreException.class,
                () -> e.save(store, "relay", ApiType.OPENAI, "https://relay.example.com/v1", true));
        assertTrue(noKey.getMessage().startsWith("A channel needs at least one API key"), noKey::getMessage);
        assertEquals(ChannelRelays.KEY, store.channels().get("relay").keys().get(0).reveal(), "nothing written");
    }

    @Test
    void savesOnlyItsOwnChangesOverWhatAnotherProcessChangedMeanwhile() {
        var e = edit();
        e.addKey(ChannelRelays.OTHER_KEY);
        e.removeKey(0); // the key it shows first: ChannelRelays.KEY
        // meanwhile, the CLI adds a key in front and an option
        store.channels().update("relay", ChannelPatch.builder().keys(List.of("test-key-cli-0000000000000001",
                ChannelRelays.KEY)).option("api-version", "2024-10-21").build());

        var saved = e.save(store, "relay", ApiType.OPENAI, "https://relay.example.com/v1", true);

        assertEquals(List.of("test-key-cli-0000000000000001", ChannelRelays.OTHER_KEY),
                saved.keys().stream().map(k -> k.reveal()).toList(), "the key chosen went, the other one stayed");
        assertEquals(Map.of("api-version", "2024-10-21"), saved.options());
    }

    /** A channel imported without keys, enabled in the file it came from. */
    static void importKeyless(Store store, String name) {
        dev.switchboard.store.ConfigImport.apply(store, dev.switchboard.store.ConfigDocument.parse(
                "{\"format\":\"switchboard-config\",\"version\":1,\"channels\":[{\"name\":\"" + name
                        + "\",\"type\":\"openai\",\"baseUrl\":\"https://moved.example.com/v1\","
                        + "\"models\":[\"gpt-4o\"]}]}"), dev.switchboard.store.ConfigImport.Mode.MERGE);
    }

    @Test
    void addingAKeyToAChannelThatNeededOneEnablesItWhenTheSwitchWasLeftAlone() {
        importKeyless(store, "moved");
        var needing = store.channels().get("moved");
        assertTrue(needing.needsKey());
        var e = new ChannelEdit(needing, en);
        e.addKey(ChannelRelays.OTHER_KEY);

        var saved = e.save(store, "moved", ApiType.OPENAI, "https://moved.example.com/v1", false);

        assertTrue(saved.enabled(), "the form's switch was untouched: the key enables it");
        assertFalse(saved.needsKey());
    }

    @Test
    void enablingAChannelWithoutAKeyIsRefusedSayingWhy() {
        importKeyless(store, "moved");
        var e = new ChannelEdit(store.channels().get("moved"), en);
        var refused = assertThrows(StoreException.class,
                () -> e.save(store, "moved", ApiType.OPENAI, "https://moved.example.com/v1", true));
        assertTrue(refused.getMessage().contains("no API key"), refused.getMessage());
        assertFalse(store.channels().get("moved").enabled());
    }
}
