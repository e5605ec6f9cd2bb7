package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, as a client sees it through each official SDK: a name that means an entry is served by that model or
 * not at all. {@code relay/gpt-x}, whose key the upstream rejected, is not answered by the unrelated {@code hold/x}
 * (the fuzzy tier once found {@code x} in {@code gpt-x}); the client reads which entry cannot serve and why. The
 * bare name {@code gpt-x} fails over to the same model on another channel, and only to it. Fallback to {@code auto}
 * is on (the default) throughout: it does not take a name that means something.
 */
@Timeout(60)
class NamedModelIsNeverSwappedTest {
    private static final String REJECTED = "Incorrect API key provided";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        GatewayFixture.fails(gw.bareChannel("relay"), 401, GatewayFixture.errorBody(REJECTED));
        gw.store.entries().add("relay", "gpt-x", null, true);
        GatewayFixture.answers(gw.bareChannel("hold"));
        gw.store.entries().add("hold", "x", null, true);
        gw.start();
        // The upstream rejects relay's key once: the system disables relay/gpt-x (DESIGN §3).
        assertEquals(502, gw.post(GatewayFixture.chatBody("relay/gpt-x", false)).statusCode());
        assertEquals(1, calls(gw.upstream("relay")));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void qualifiedNameOfDisabledEntryIsRefusedInEachSdkNamingTheEntryAndWhy() {
        var says = "relay/gpt-x is disabled by the system: HTTP 401: " + REJECTED;
        var openai = openai();
        try {
            assertSays(com.openai.errors.InternalServerException.class, says, () -> openai.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model("relay/gpt-x").addUserMessage("hi").build()));
            assertSays(com.openai.errors.InternalServerException.class, says, () -> openai.responses()
                    .create(ResponseCreateParams.builder().model("relay/gpt-x").input("hi").build()));
        } finally {
            openai.close();
        }
        var anthropic = AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey("unused").maxRetries(0).build();
        try {
            assertSays(com.anthropic.errors.InternalServerException.class, says, () -> anthropic.messages().create(
                    MessageCreateParams.builder().model("relay/gpt-x").maxTokens(64).addUserMessage("hi").build()));
        } finally {
            anthropic.close();
        }
        try (var c = gemini()) {
            var e = assertThrows(com.google.genai.errors.ServerException.class,
                    () -> c.models.generateContent("relay/gpt-x", "hi", null));
            assertEquals(503, e.code());
            assertTrue(e.getMessage().contains(says), e.getMessage());
        }
        assertEquals(0, calls(gw.upstream("hold")), "hold/x is not what was asked for");
        assertEquals(1, calls(gw.upstream("relay")), "a rejected key is not tried again");
    }

    @Test
    void bareNameFailsOverToTheSameModelOnAnotherChannelOnly() {
        GatewayFixture.answers(gw.bareChannel("other"));
        gw.store.entries().add("other", "gpt-x", null, true);

        assertEquals("Hello there", gw.ask("gpt-x"));

        assertEquals(1, calls(gw.upstream("other")));
        assertEquals(0, calls(gw.upstream("hold")));
        var logged = gw.lastUsage();
        assertEquals("other", logged.channelName());
        assertEquals("gpt-x", logged.upstreamModel());
    }

    @Test
    void aNameOverlappingAnEntryByOneCharacterFallsBackToAutoNotToThatEntry() {
        // hold/x is first in auto; the fallback serves it, as auto, and says so: it is not a fuzzy match of 'xyz'.
        assertEquals("Hello there", gw.ask("xyz"));

        assertEquals(1, calls(gw.upstream("hold")));
        assertEquals("xyz", gw.lastUsage().requestedModel());
    }

    @Test
    void anEntryCoolingDownIsStillTriedAndItsFailureSaysUntilWhen() {
        GatewayFixture.fails(gw.bareChannel("slow"), 503, GatewayFixture.errorBody("overloaded"));
        gw.store.entries().add("slow", "gpt-s", null, true);
        assertEquals(502, gw.post(GatewayFixture.chatBody("slow/gpt-s", false)).statusCode());
        assertTrue(cooldownOf("slow/gpt-s") != null, "it cools down");

        var e = assertThrows(com.openai.errors.InternalServerException.class,
                () -> gw.openai().chat().completions().create(GatewayFixture.params("slow/gpt-s")));
        var until = cooldownOf("slow/gpt-s").truncatedTo(ChronoUnit.SECONDS);
        assertTrue(e.getMessage().contains("slow/gpt-s → HTTP 503: overloaded (cooling down until " + until + ")"),
                e.getMessage());
        assertEquals(2, calls(gw.upstream("slow")), "a cooling entry is a last resort, never dropped (DESIGN §2)");
    }

    private Instant cooldownOf(String ref) {
        return gw.switchboard().health().current(gw.store.entries().get(ref).id()).cooldownUntil();
    }

    private OpenAIClient openai() {
        return OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    private com.google.genai.Client gemini() {
        return com.google.genai.Client.builder().apiKey("unused").httpOptions(HttpOptions.builder()
                .baseUrl(gw.baseUrl()).retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    private static <T extends Throwable> void assertSays(Class<T> type, String says, Runnable call) {
        var e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
