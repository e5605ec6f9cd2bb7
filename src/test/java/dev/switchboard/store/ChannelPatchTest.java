package dev.switchboard.store;

import static dev.switchboard.store.TestStores.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ChannelPatch.KeyRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A channel patch applied by the store: each kind of change, in order, validated as a whole, all or nothing. */
class ChannelPatchTest {
    // fake keys whose masked forms differ (TestStores.key's all end alike)
    private static final String K1 = "test-key-patch-000000-a001";
    private static final String K2 = "test-key-patch-000000-b002";
    private static final String K3 = "test-key-patch-000000-c003";
    private static final String HEADER_SECRET = "hdr-test-secret-0000000001";

    @TempDir
    Path dir;

    private Store store;
    private ChannelStore channels;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        channels = store.channels();
        channels.create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1", List.of(K1, K2),
                Map.of("X-Secret", HEADER_SECRET), "http://me:test-proxy-pass@proxy.example.test:3128",
                Map.of("api-version", "2024-10-21"), true));
        store.entries().add("relay", "gpt-4o", null, true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Channel update(ChannelPatch.Builder patch) {
        return channels.update("relay", patch.build());
    }

    private static List<String> keys(Channel c) {
        return c.keys().stream().map(ApiKey::reveal).toList();
    }

    @Test
    void changesOnlyWhatItNames() {
        var before = channels.get("relay");

        var after = update(ChannelPatch.builder().baseUrl("https://relay2.example.test/v1/"));

        assertEquals("https://relay2.example.test/v1", after.baseUrl(), "validated: the trailing slash goes");
        assertEquals(before.name(), after.name());
        assertEquals(before.keys(), after.keys());
        assertEquals(before.headers(), after.headers());
        assertEquals(before.proxy(), after.proxy());
        assertEquals(before.options(), after.options());
        assertTrue(after.enabled());
    }

    @Test
    void renamesRetypesAndSwitchesOffKeepingTheEntries() {
        var after = update(ChannelPatch.builder().name("Relay-B").type(ApiType.ANTHROPIC).enabled(false));

        assertEquals("Relay-B", after.name());
        assertEquals(ApiType.ANTHROPIC, after.type());
        assertFalse(after.enabled());
        assertEquals(List.of("Relay-B/gpt-4o"), store.entries().list().stream().map(Entry::ref).toList());
    }

    @Test
    void keysAreReplacedAddedAndRemovedInTheOrderGiven() {
        assertEquals(List.of(K3, K1), keys(update(ChannelPatch.builder().keys(List.of(K3)).addKey(K1))));
        assertEquals(List.of(K1, K2), keys(update(ChannelPatch.builder().addKeys(List.of(K2))
                .removeKey(KeyRef.at(1)))), "position 1 of the list as it stood at the removal");
        assertEquals(List.of(K2), keys(update(ChannelPatch.builder().removeKey(KeyRef.of(ApiKey.mask(K1))))),
                "by its masked form");
        assertEquals(List.of(K3), keys(update(ChannelPatch.builder().addKey(K3).removeKey(KeyRef.of(K2)))),
                "by the key itself");
    }

    @Test
    void oneRemovalReadsEveryReferenceAgainstTheSameListWhileSuccessiveRemovalsEachSeeTheOneBefore() {
        update(ChannelPatch.builder().addKey(K3));

        assertEquals(List.of(K3), keys(update(ChannelPatch.builder().removeKeys(List.of(KeyRef.at(1), KeyRef.at(2)))
                .addKey(K1).removeKey(KeyRef.at(2)))));
        update(ChannelPatch.builder().keys(List.of(K1, K2, K3)));
        assertEquals(List.of(K2), keys(update(ChannelPatch.builder().removeKey(KeyRef.at(1)).removeKey(KeyRef.at(2)))),
                "the second removal's position 2 is the list left by the first");
    }

    @Test
    void aReferenceToNoKeyRefusesThePatchSayingWhatWasWrongWithTheKeyMasked() {
        var before = channels.list();

        var outOfRange = assertThrows(ChannelPatch.NoSuchKey.class,
                () -> update(ChannelPatch.builder().name("renamed").removeKey(KeyRef.at(3))));
        assertEquals(StoreException.Kind.INVALID, outOfRange.kind());
        assertEquals(KeyRef.at(3), outOfRange.ref());
        assertEquals(2, outOfRange.keyCount());
        assertEquals("There is no key at position 3: the channel has 2 keys (1 to 2).", outOfRange.getMessage());
        assertThrows(ChannelPatch.NoSuchKey.class, () -> update(ChannelPatch.builder().removeKey(KeyRef.at(0))));

        var unknown = "test-key-patch-000000-d004";
        var noMatch = assertThrows(ChannelPatch.NoSuchKey.class,
                () -> update(ChannelPatch.builder().removeKey(KeyRef.of(unknown))));
        assertFalse(noMatch.getMessage().contains(unknown), noMatch.getMessage());
        assertTrue(noMatch.getMessage().contains(ApiKey.mask(unknown)), noMatch.getMessage());
        assertEquals(before, channels.list(), "nothing written");
    }

    @Test
    void removingTheLastKeyIsRefusedByTheStoresValidation() {
        var e = assertFails(StoreException.Kind.INVALID,
                () -> update(ChannelPatch.builder().removeKeys(List.of(KeyRef.at(1), KeyRef.at(2)))));

        assertTrue(e.getMessage().startsWith("A channel needs at least one API key"), e.getMessage());
        assertEquals(List.of(K1, K2), keys(channels.get("relay")));
    }

    @Test
    void aHeaderIsSetInAnyLetterCaseAndRemovedOnlyIfThereUnlessItMustBe() {
        var set = update(ChannelPatch.builder().header("x-secret", "other-value").header(" X-Title ", "sb"));
        assertEquals(Map.of("x-secret", "other-value", "X-Title", "sb"), set.headers(),
                "replaced whatever the case, the name as given last");

        var removed = update(ChannelPatch.builder().removeHeader("X-SECRET").removeHeaderIfPresent("X-Nope"));
        assertEquals(Map.of("X-Title", "sb"), removed.headers());

        var missing = assertFails(StoreException.Kind.NOT_FOUND,
                () -> update(ChannelPatch.builder().removeHeader("X-Nope")));
        assertEquals("Channel 'relay' has no header 'X-Nope'. Its headers: X-Title.", missing.getMessage());
    }

    @Test
    void aHeaderRemovedThenSetIsThereAndOneSetThenRemovedIsNot() {
        assertEquals(Map.of("X-Secret", "new-value"),
                update(ChannelPatch.builder().removeHeader("x-secret").header("X-Secret", "new-value")).headers());
        assertEquals(Map.of(), update(ChannelPatch.builder().header("X-Title", "sb").removeHeader("x-title")
                .removeHeader("X-Secret")).headers());
        var none = assertFails(StoreException.Kind.NOT_FOUND,
                () -> update(ChannelPatch.builder().removeHeader("X-Secret")));
        assertTrue(none.getMessage().endsWith("It has no headers."), none.getMessage());
    }

    @Test
    void optionsAreSetInPlaceAndRemovedIfThere() {
        var after = update(ChannelPatch.builder().option("region", "eu").option(" api-version ", "2025-01-01")
                .removeOption("nothing"));
        assertEquals(List.of("api-version", "region"), List.copyOf(after.options().keySet()), "kept its place");
        assertEquals("2025-01-01", after.options().get("api-version"));

        assertEquals(Map.of("region", "eu"), update(ChannelPatch.builder().removeOption("api-version")).options());
    }

    @Test
    void theReasoningOptionIsStoredInItsOwnWordsAndATypoIsRefused() {
        var always = update(ChannelPatch.builder().option(ReasoningOption.NAME, " Always "));
        assertEquals("always", always.options().get(ReasoningOption.NAME));
        assertEquals(ReasoningOption.ALWAYS, ReasoningOption.of(always));
        assertEquals(ReasoningOption.NEVER, ReasoningOption.of(update(ChannelPatch.builder()
                .option(ReasoningOption.NAME, "never"))));

        var typo = assertFails(StoreException.Kind.INVALID,
                () -> update(ChannelPatch.builder().option(ReasoningOption.NAME, "yes")));
        assertTrue(typo.getMessage().contains("must be auto, always or never, not 'yes'"), typo.getMessage());
        assertEquals("never", channels.get(always.name()).options().get(ReasoningOption.NAME), "nothing written");
        assertEquals(ReasoningOption.AUTO, ReasoningOption.of(update(ChannelPatch.builder()
                .removeOption(ReasoningOption.NAME))), "not set: the catalog decides");
    }

    @Test
    void theProxyIsReplacedOrRemoved() {
        assertEquals("socks5://127.0.0.1:1080", update(ChannelPatch.builder().proxy("socks5://127.0.0.1:1080")).proxy());
        assertNull(update(ChannelPatch.builder().proxy(null)).proxy());
        update(ChannelPatch.builder().proxy("socks5://127.0.0.1:1080"));
        assertNull(update(ChannelPatch.builder().proxy("  ")).proxy(), "blank is none, as the store validates it");
    }

    @Test
    void theResultIsValidatedAsAWholeAndABadValueWritesNothing() {
        var before = channels.list();
        var bad = Map.of(
                "URL", ChannelPatch.builder().addKey(K3).baseUrl("ftp://relay.example.test"),
                "header name", ChannelPatch.builder().header("X Bad", "v"),
                "header value", ChannelPatch.builder().header("X-Team", "blue\u001b[2J"),
                "proxy", ChannelPatch.builder().proxy("ftp://proxy.example.test"),
                "option name", ChannelPatch.builder().option("", "1"),
                "key", ChannelPatch.builder().addKey("two words"),
                "name", ChannelPatch.builder().name("a/b"));

        bad.forEach((what, patch) -> assertFails(StoreException.Kind.INVALID, () -> update(patch)));
        assertEquals(before, channels.list(), "nothing written");
    }

    @Test
    void renamingOntoAnotherChannelIsAConflictAndAnUnknownChannelIsNotFound() {
        channels.create(TestStores.draft("other"));

        var clash = assertFails(StoreException.Kind.CONFLICT,
                () -> update(ChannelPatch.builder().name("OTHER")));
        assertTrue(clash.getMessage().contains("'other' already exists"), clash.getMessage());
        assertFails(StoreException.Kind.NOT_FOUND,
                () -> channels.update("ghost", ChannelPatch.builder().enabled(false).build()));
    }

    @Test
    void itIsAppliedToTheChannelAsItIsWhenWrittenNotAsItWasWhenBuilt() {
        var patch = ChannelPatch.builder().removeKey(KeyRef.at(1)).build();
        channels.update("relay", ChannelPatch.builder().keys(List.of(K3, K1)).build()); // someone else, meanwhile

        assertEquals(List.of(K1), keys(channels.update("relay", patch)));
    }

    @Test
    void applyingItAloneWritesNothingAndToBuilderAddsToACopy() {
        var base = ChannelPatch.builder().addKey(K3).build();
        var more = base.toBuilder().header("X-Title", "sb").build();

        var draft = more.applyTo(channels.get("relay"));

        assertEquals(List.of(K1, K2, K3), draft.keys());
        assertEquals("sb", draft.headers().get("X-Title"));
        assertEquals(List.of(K1, K2), keys(channels.get("relay")), "applyTo only computes");
        assertEquals(List.of(K1, K2, K3), base.applyTo(channels.get("relay")).keys());
        assertFalse(base.applyTo(channels.get("relay")).headers().containsKey("X-Title"), "base is unchanged");
        assertEquals(ChannelPatch.builder().addKey(K3).build(), base, "a value: the same changes are equal");
        assertNotEquals(base, more);
    }

    @Test
    void keyReferencesAsTypedOnACommandLine() {
        assertEquals(KeyRef.at(2), KeyRef.parse(" 2 "));
        assertEquals(KeyRef.at(0), KeyRef.parse("0"));
        assertEquals(KeyRef.at(Integer.MAX_VALUE), KeyRef.parse("99999999999"), "out of range, not a crash");
        assertEquals(KeyRef.of("test…0000"), KeyRef.parse("test…0000"));
        assertFalse(KeyRef.parse("2x").isPosition());
    }

    @Test
    void itsTextNeverShowsASecret() {
        var patch = ChannelPatch.builder().keys(List.of(K1)).addKey(K2).removeKey(KeyRef.of(K3))
                .header("X-Secret", HEADER_SECRET).proxy("http://me:test-proxy-pass@proxy.example.test:3128").build();

        var text = patch.toString();

        for (var secret : List.of(K1, K2, K3, HEADER_SECRET, "test-proxy-pass")) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("X-Secret"), text);
    }
}
