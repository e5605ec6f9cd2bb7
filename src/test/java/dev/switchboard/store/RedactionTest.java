package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fake secrets are built at run time, so that no string in this file looks like a real key to a secret
 * scanner.
 */
class RedactionTest {
    private static final String OPENAI = "sk-" + "test-" + "0".repeat(24);
    private static final String ANTHROPIC = "sk-" + "ant-" + "test-" + "0".repeat(24);
    private static final String GOOGLE = "AI" + "za" + "Test" + "0".repeat(31);
    private static final String TOKEN = "test." + "token-" + "0".repeat(16);

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
}
