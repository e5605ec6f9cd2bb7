package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiKey;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard keys …} end to end: client access keys. */
class KeysCommandTest {
    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    /** Creates a key and returns its secret, which `keys create` prints on a line of its own. */
    private String create(String name) {
        var lines = sb("keys", "create", name).ok().out().lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        assertEquals("Created access key '" + name + "':", lines.get(0));
        assertEquals("Copy it now: it is shown masked from now on.", lines.get(2));
        return lines.get(1);
    }

    @Test
    void listWithoutKeysSaysHowToCreateOne() {
        sb("keys", "list").ok().prints("No access keys", "switchboard --data-dir " + dir + " keys create <name>");
    }

    @Test
    void createPrintsTheFullKeyOnceAndListShowsItMaskedOnly() {
        var secret = create("laptop");
        assertTrue(secret.matches("sb-[A-Za-z0-9_-]{43}"), secret);

        var list = sb("keys", "list").ok();
        list.hides(secret);
        var lines = list.out().lines().toList();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("NAME\\s+KEY"), lines::toString);
        assertTrue(lines.get(1).matches("laptop\\s+" + java.util.regex.Pattern.quote(ApiKey.mask(secret))),
                lines::toString);

        // nothing else shows it again either
        sb("status").ok().hides(secret);
        sb("settings", "list").ok().hides(secret);
        sb("keys", "create", "LAPTOP").hides(secret);
    }

    @Test
    void everyKeyIsDifferent() {
        var a = create("a");
        var b = create("b");
        assertNotEquals(a, b);
        var out = sb("keys", "list").ok().out();
        CliRun.says(out, ApiKey.mask(a), ApiKey.mask(b));
    }

    @Test
    void revokeDeletesTheKey() {
        var secret = create("laptop");
        create("phone");
        sb("keys", "revoke", "Laptop").ok().prints("Revoked access key 'Laptop'.");
        var out = sb("keys", "list").ok().out();
        assertFalse(out.contains("laptop"), out);
        assertFalse(out.contains(ApiKey.mask(secret)), out);
        CliRun.says(out, "phone");
    }

    @Test
    void revokingAnUnknownKeyFailsAndChangesNothing() {
        create("laptop");
        var before = sb("keys", "list").ok().out();
        sb("keys", "revoke", "nope").fails(Main.FAILURE, "no access key named 'nope'", "keys list");
        assertEquals(before, sb("keys", "list").ok().out());
    }

    @Test
    void duplicateNameIsRefusedAndTheFirstKeyStays() {
        create("laptop");
        var before = sb("keys", "list").ok().out();
        var r = sb("keys", "create", "LAPTOP").fails(Main.FAILURE, "already exists", "Pick another name", "keys revoke");
        assertEquals("", r.out(), "no new key is printed");
        assertEquals(before, sb("keys", "list").ok().out());
    }

    @Test
    void unusableNameIsAUsageError() {
        sb("keys", "create", "my/laptop").fails(Main.USAGE, "cannot contain '/'");
        sb("keys", "create", " ").fails(Main.USAGE, "name is needed");
        sb("keys", "list").ok().prints("No access keys");
    }

    @Test
    void missingNameIsAUsageError() {
        sb("keys", "create").fails(Main.USAGE, "Missing required parameter", "NAME", "keys create --help");
        sb("keys", "revoke").fails(Main.USAGE, "Missing required parameter", "NAME", "keys revoke --help");
    }
}
