package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which values become held secrets, and where: each test uses random values no other code in this run has seen,
 * so a value masked here was registered by the path under test, not by an earlier test.
 */
class HeldSecretsTest {
    @TempDir
    Path dir;

    private static String fresh() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void assertHeld(String secret) {
        var redacted = Redaction.redact("upstream said " + secret + " is wrong");
        assertFalse(redacted.contains(secret), redacted);
        assertTrue(redacted.contains(ApiKey.mask(secret)), redacted);
    }

    private static void assertNotHeld(String value) {
        var text = "upstream said " + value + " is wrong";
        assertEquals(text, Redaction.redact(text));
    }

    @Test
    void aKeyIsHeldOnceItIsMade() {
        var typed = fresh();
        assertNotHeld(typed);

        ApiKey.of("  " + typed + "\n");

        assertHeld(typed);
    }

    @Test
    void keysStoredBeforeThisProcessRanAreHeldAsSoonAsTheStoreOpens() throws Exception {
        var channelKey = fresh();
        var accessKey = "sb-" + fresh();
        try (var store = TestStores.open(dir)) {
            store.channels().create(TestStores.draft("relay"));
        }
        // written by "another program": these values never pass through ApiKey.of in this process
        try (var c = TestStores.connect(dir.resolve(Database.FILE_NAME)); var st = c.createStatement()) {
            st.executeUpdate("UPDATE channel_key SET secret = '" + channelKey + "'");
            st.executeUpdate("INSERT INTO access_key (name, secret, created_at) VALUES ('laptop', '" + accessKey
                    + "', 0)");
        }
        assertNotHeld(channelKey);
        assertNotHeld(accessKey);

        try (var store = TestStores.open(dir)) {
            assertHeld(channelKey);
            assertHeld(accessKey);
        }
    }

    @Test
    void aChannelsCredentialHeadersAndProxyPasswordAreHeldButNotItsOtherHeaders() {
        var bearer = fresh();
        var apiKey = fresh();
        var password = fresh();
        var beta = "tools-" + fresh();
        var headers = new LinkedHashMap<String, String>();
        headers.put("Authorization", "Bearer " + bearer);
        headers.put("X-Relay-Key", apiKey);
        headers.put("anthropic-beta", beta);

        new Channel(1, "relay", ApiType.OPENAI, "https://relay.example.test/v1", List.of(ApiKey.of(fresh())), headers,
                "http://me:" + password + "@proxy.example.test:3128", Map.of(), true);

        assertHeld(bearer);
        assertHeld("Bearer " + bearer);
        assertHeld(apiKey);
        assertHeld(password);
        assertNotHeld(beta);
    }

    @Test
    void theOutboundProxysPasswordIsHeld() {
        var password = fresh();

        Settings.of(Map.of(Setting.OUTBOUND_PROXY, "socks5://me:" + password + "@proxy.example.test:1080"));

        assertHeld(password);
    }
}
