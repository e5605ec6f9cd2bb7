package dev.switchboard.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures: real stores in a test's temporary folder, a fixed clock, obviously fake keys. */
final class TestStores {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestStores() {
    }

    /** Opens (creating) the store of {@code folder} with a full integrity check and the fixed clock. */
    static Store open(Path folder) {
        return Store.open(folder, Database.Check.FULL, CLOCK);
    }

    /** A fake API key: long enough to be masked, unlike any real provider's key. */
    static String key(String label) {
        return "test-key-" + label + "-0000000000000000";
    }

    /** An OpenAI-type channel named {@code name} with one fake key. */
    static ChannelDraft draft(String name) {
        return ChannelDraft.of(name, ApiType.OPENAI, "https://" + name + ".example.test/v1", List.of(key(name)));
    }

    /** A plain JDBC connection, standing in for another program (or an older Switchboard) opening the file. */
    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Asserts that {@code action} fails with a StoreException of {@code kind}, and returns it. */
    static StoreException assertFails(StoreException.Kind kind, Executable action) {
        var e = Assertions.assertThrows(StoreException.class, action);
        Assertions.assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }
}
