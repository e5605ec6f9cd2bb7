package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fake secrets are built at run time, so that no string in this file looks like a real key to a secret
 * scanner. The held ones are random: {@link HeldSecrets} is process-wide, so each test holds keys no other test
 * knows, and a key not held is one nothing in this run has ever registered.
 */
class RedactionTest {
    private static final String OPENAI = "sk-" + "test-" + "0".repeat(24);
    private static final String ANTHROPIC = "sk-" + "ant-" + "test-" + "0".repeat(24);
    private static final String GOOGLE = "AI" + "za" + "Test" + "0".repeat(31);
    private static final String TOKEN = "test." + "token-" + "0".repeat(16);

    /** 32 hex characters, like many relays' keys: no pattern can tell it from a hash. */
    private static String hexKey() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String held(String key) {
        HeldSecrets.add(key);
        return key;
    }

    private static void assertMasked(String secret, String text) {
        var redacted = Redaction.redact(text);

        assertFalse(redacted.contains(secret), redacted);
        assertTrue(redacted.contains(ApiKey.mask(secret)), redacted);
    }

    @Test
    void masksOpenAiStyleKeys() {
        assertMasked(OPENAI, "Incorrect API key provided: " + OPENAI + ". You can find your key at ...");
        assertEquals("Incorrect API key provided: " + ApiKey.mask(OPENAI) + ".",
                Redaction.redact("Incorrect API key provided: " + OPENAI + "."));
    }

    @Test
    void masksAnthropicKeys() {
        assertMasked(ANTHROPIC, "{\"error\":\"invalid x-api-key " + ANTHROPIC + "\"}");
    }

    @Test
    void masksGoogleApiKeys() {
        assertMasked(GOOGLE, "GET /v1beta/models?key=" + GOOGLE + " failed");
        assertMasked(GOOGLE, "API key not valid: " + GOOGLE);
    }

    @Test
    void masksBearerTokens() {
        assertMasked(TOKEN, "Authorization: Bearer " + TOKEN);
        assertMasked(TOKEN, "authorization: bearer " + TOKEN);
    }

    @Test
    void masksKeyEqualsValue() {
        assertMasked(TOKEN, "https://relay.example.test/v1/models?api_key=" + TOKEN);
        assertMasked(TOKEN, "{\"api-key\": \"" + TOKEN + "\"}");
    }

    @Test
    void masksEverySecretInOneText() {
        var text = "tried " + OPENAI + " then " + GOOGLE;

        var redacted = Redaction.redact(text);

        assertEquals("tried " + ApiKey.mask(OPENAI) + " then " + ApiKey.mask(GOOGLE), redacted);
    }

    @Test
    void leavesOrdinaryTextUnchanged() {
        for (var text : new String[] {
                "The model gpt-4o returned 429 Too Many Requests; retry after 30 seconds.",
                "{\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                "max_tokens: 4096, stream: true, model: claude-sonnet-4-20250514",
                "the task-runner-for-nightly-builds finished in 1234 ms; see https://status.example.test/incidents/42",
                "A short key=abc is not a secret",
                ""}) {
            assertEquals(text, Redaction.redact(text));
        }
        assertNull(Redaction.redact(null));
    }

    @Test
    void masksAHeldBareHexKeyWhereverItAppears() {
        var key = held(hexKey());

        assertEquals("Invalid API key: " + ApiKey.mask(key) + ". Check your dashboard.",
                Redaction.redact("Invalid API key: " + key + ". Check your dashboard."));
        assertEquals("{\"error\":{\"message\":\"the key " + ApiKey.mask(key) + " has no quota\",\"code\":401}}",
                Redaction.redact("{\"error\":{\"message\":\"the key " + key + " has no quota\",\"code\":401}}"));
        // glued to other characters, no word boundary: still the key
        assertMasked(key, "token" + key + "expired");
        assertMasked(key, "first line\nsecond line has " + key + "\nthird line");
        assertMasked(key, key + " " + key);
        assertFalse(Redaction.redact(key + " " + key).contains(key));
    }

    @Test
    void leavesAnUnheldBareHexStringAlone() {
        var notAKey = hexKey();
        var text = "request id " + notAKey + " failed";

        assertEquals(text, Redaction.redact(text), "a hash is not a key unless it is one Switchboard holds");
    }

    @Test
    void masksAHeldKeyOfAnyShapeAsAWhole() {
        // a key with a dot would stop the shape pass half-way; by value it goes whole
        var key = held("relay." + hexKey() + ".v2");

        assertEquals("rejected " + ApiKey.mask(key) + " (401)", Redaction.redact("rejected " + key + " (401)"));
    }

    @Test
    void masksAHeldKeyThatContainsAnotherHeldKeyWhole() {
        var shorter = held(hexKey());
        var longer = held(shorter + "-" + hexKey());

        assertEquals("keys " + ApiKey.mask(longer) + " and " + ApiKey.mask(shorter),
                Redaction.redact("keys " + longer + " and " + shorter));
    }

    @Test
    void masksAHeldSkShapedKeyToTheSameFormAsThePatternDoes() {
        var key = held("sk-" + "test-" + hexKey());

        assertEquals("bad key " + ApiKey.mask(key), Redaction.redact("bad key " + key));
    }

    @Test
    void ignoresHeldValuesShorterThanEightCharacters() {
        HeldSecrets.add("k1");
        HeldSecrets.add("quokka7");
        HeldSecrets.add("   ");
        HeldSecrets.add(null);
        var text = "k1 asked the quokka7 team; see quokka7 logs";

        assertEquals(text, Redaction.redact(text));
    }

    @Test
    void masksTheHexEncodingOfAHeldKeyInEitherCase() {
        var key = held("relay-" + hexKey());
        var hex = HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8));

        assertMasked(hex, "upstream saw key bytes " + hex + " and refused");
        assertMasked(hex.toUpperCase(java.util.Locale.ROOT), "KEY=0x" + hex.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void masksTheUrlEncodedAndJsonEscapedFormsOfAHeldKey() {
        var key = held("Rk/" + hexKey() + "+q=");
        var urlEncoded = key.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D");
        var jsonEscaped = key.replace("/", "\\/");

        assertMasked(urlEncoded, "GET /v1/models?k=" + urlEncoded + " -> 401");
        assertMasked(jsonEscaped, "{\"message\":\"bad key " + jsonEscaped + "\"}");
        assertMasked(key, "bad key " + key);
    }

    @Test
    void masksTheKeysOfOtherProviders() {
        var tail = "0".repeat(32);
        for (var secret : new String[] {
                "gs" + "k_" + tail, "hf" + "_" + tail, "r8" + "_" + tail, "fw" + "_" + tail, "gh" + "p_" + tail,
                "github" + "_pat_" + tail, "xa" + "i-" + tail, "pp" + "lx-" + tail, "nv" + "api-" + tail,
                "sk-" + "proj-" + tail, "ya" + "29." + tail}) {
            assertMasked(secret, "the upstream said: invalid key " + secret + ".");
        }
    }

    @Test
    void masksJwtLikeTokens() {
        var jwt = "ey" + "JhbGciOiJIUzI1NiJ9" + ".ey" + "JzdWIiOiJyZWxheS11c2VyIn0" + ".c2lnbmF0dXJlLXRlc3Q";

        assertMasked(jwt, "session " + jwt + " expired");
    }

    @Test
    void masksSecretAndPasswordValues() {
        assertMasked(TOKEN, "{\"password\": \"" + TOKEN + "\"}");
        assertMasked(TOKEN, "client_secret=" + TOKEN);
    }

    @Test
    void leavesWordsThatShareAProviderPrefixAlone() {
        for (var text : new String[] {
                "hf_model_name_for_the_download is missing",
                "the gsk_ prefix and xai-grok-4 model",
                "eyJ is how base64 JSON starts",
                "password: short"}) {
            assertEquals(text, Redaction.redact(text));
        }
    }

    @Test
    void masksAHeldKeyCutShortByAnEllipsis() {
        var key = held(hexKey());

        assertEquals("bad key " + key.substring(0, 4) + "… (401)", Redaction.redact("bad key " + key.substring(0, 20)
                + "… (401)"));
        assertEquals("bad key " + key.substring(0, 4) + "…",
                Redaction.redact("bad key " + key.substring(0, 9) + "..."));
        assertEquals("data: {\"error\":\"" + key.substring(0, 4) + "…",
                Redaction.redact("data: {\"error\":\"" + key.substring(0, key.length() - 1) + "…"));
    }

    @Test
    void leavesEllipsesAloneWhenNoHeldKeyIsCutThere() {
        var key = held(hexKey());
        var tooShort = "bad key " + key.substring(0, 7) + "…";
        var notTheStart = "bad key " + key.substring(1, 20) + "…";
        var prose = "Loading... the model is warming up… try again later...";

        assertEquals(tooShort, Redaction.redact(tooShort));
        assertEquals(notTheStart, Redaction.redact(notTheStart));
        assertEquals(prose, Redaction.redact(prose));
    }

    @Test
    void theQuickCheckLetsThroughEveryShapeThePatternMasks() {
        // One sample per alternative of the pattern, in the letter cases its case-insensitive parts accept: the
        // quick check in front of the pattern must never skip a text the pattern would have masked.
        var samples = List.of("sk-FAKEabcdefgh1234", "AIzaFAKEabcdefghijklmnopqrstu", "ya29.FAKEabcdefghijklmnopqrst",
                "gsk_FAKEabcdefghijklmnop", "hf_FAKEabcdefghijklmnop", "ghp_FAKEabcdefghijklmnop",
                "github_pat_FAKEabcdefghijklmnop", "xai-FAKEabcdefghijklmnop", "nvapi-FAKEabcdefghijklmnop",
                "eyJFAKEabcdefgh.eyJFAKEabcdefgh.sig", "BEARER FAKEabcdefgh1234", "Api-Key: FAKEabcdefgh1234",
                "TOKEN=FAKEabcdefgh1234", "Secret: FAKEabcdefgh1234", "PassWord=FAKEabcdefgh1234");
        for (var sample : samples) {
            var text = "upstream said: " + sample + " (end)";
            assertTrue(Redaction.mayHoldShapedSecret(text), text);
            assertFalse(Redaction.redact(text).contains("FAKEabcdefgh"), text);
        }
    }

    @Test
    void aRequestLogLineSkipsThePattern() {
        assertFalse(Redaction.mayHoldShapedSecret(
                "POST /v1/chat/completions model=gpt-4o -> relay/gpt-4o 200 ok 312 ms in=12 out=40 stream"));
    }
}
