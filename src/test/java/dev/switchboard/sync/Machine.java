package dev.switchboard.sync;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * One "machine" of a sync test: its own data folder with its own store, and a sync service over it that seals with
 * few iterations (fast; a box says its count, so the other machine opens it the same). Two machines are two folders.
 */
final class Machine implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);
    static final String KEY_1 = "sk-FAKE-sync-relay-key-1";
    static final String KEY_2 = "sk-FAKE-sync-claude-key-2";
    static final String HEADER_SECRET = "hdr-FAKE-sync-secret-1";
    static final String PROXY_PASSWORD = "proxy-FAKE-sync-pass-1";
    static final List<String> SECRETS = List.of(KEY_1, KEY_2, HEADER_SECRET, PROXY_PASSWORD, DavServer.PASSWORD);
    static final String PASSPHRASE = "a long FAKE passphrase";

    final Path folder;
    final Store store;
    final SyncService sync;

    Machine(Path folder) {
        this(folder, Duration.ofSeconds(10));
    }

    Machine(Path folder, Duration timeout) {
        this.folder = folder;
        this.store = Store.open(folder, Database.Check.QUICK, CLOCK);
        this.sync = new SyncService(store, folder, CLOCK, new SecretBox(1_000), timeout);
    }

    /** Two channels with keys, a secret header, a proxy with a password, entries, a group and a setting. */
    Machine populated() {
        store.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of(KEY_1), Map.of("X-Relay-Auth", HEADER_SECRET), "socks5://me:" + PROXY_PASSWORD
                + "@proxy.example.test:1080", Map.of(), true));
        store.channels().create(new ChannelDraft("claude", ApiType.ANTHROPIC, "https://claude.example.test",
                List.of(KEY_2), Map.of(), null, Map.of(), true));
        store.entries().add("relay", "gpt-4o", "four", true);
        store.entries().add("claude", "claude-sonnet-4", null, true);
        store.entries().createGroup("coding");
        store.entries().addMember("coding", "claude/claude-sonnet-4", null);
        store.settings().set(Setting.MAX_ATTEMPTS, "3");
        return this;
    }

    Machine setUp(DavServer dav) {
        sync.setUp(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        return this;
    }

    /** The configuration with keys, as comparable text: equal on two machines means they hold the same. */
    String configuration() {
        var doc = ConfigExport.export(store, true);
        doc.remove("exportedAt");
        return doc.toString();
    }

    @Override
    public void close() {
        store.close();
    }
}
