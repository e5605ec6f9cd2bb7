package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.google.genai.types.Content;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputContent;
import com.openai.models.responses.ResponseInputImage;
import com.openai.models.responses.ResponseInputItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented request limits are the real ones (issue 18): a generation body up to 32 MB is accepted whatever
 * the size of one string in it (a base64 image of 22 million characters is over Jackson's default of 20 million),
 * through each official SDK, and reaches the upstream whole; a limit that is hit is told in plain words in the
 * client's protocol, never in Jackson's ({@code StreamReadConstraints}).
 */
@Timeout(120)
class RequestBodyLimitsTest {
    /** 16 MB of image, as base64: 22,369,620 characters, in a body under 32 MB. */
    private static final int IMAGE_BYTES = 16 * 1024 * 1024 - 1;
    /** The last three bytes of the image: its base64 ends in {@value #END}, so the upstream's copy can be checked. */
    private static final byte[] TAIL = "SBE".getBytes(StandardCharsets.US_ASCII);
    private static final String END = "U0JF";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        GatewayFixture.answers(gw.channel("c1"));
        gw.start();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private static byte[] image() {
        var bytes = new byte[IMAGE_BYTES];
        System.arraycopy(TAIL, 0, bytes, IMAGE_BYTES - TAIL.length, TAIL.length);
        return bytes;
    }

    private static String base64() {
        return java.util.Base64.getEncoder().encodeToString(image());
    }

    /** The upstream got one request, and in it the image whole: every character up to its last. */
    private void assertTheUpstreamGotTheWholeImage() {
        var requests = gw.upstream("c1").findAll(postRequestedFor(urlEqualTo(GatewayFixture.PATH)));
        assertEquals(1, requests.size());
        var body = requests.get(0).getBodyAsString();
        assertTrue(body.length() > base64Length(), "the body holds the image: " + body.length());
        assertTrue(body.contains("A".repeat(1000) + END), "the image ends as it was sent");
    }

    private static int base64Length() {
        return (IMAGE_BYTES + 2) / 3 * 4;
    }

    @Test
    void theImageIsOverJacksonsDefaultAndTheBodyUnderTheLimit() {
        assertTrue(base64Length() > 20_000_000, "over StreamReadConstraints' default maxStringLength");
        assertTrue(base64Length() + 1000 < ProxyHandler.MAX_REQUEST_BYTES, "the body is within the 32 MB limit");
    }

    @Test
    void chatSdkSendsAnImageOverTwentyMillionCharacters() {
        var url = "data:image/png;base64," + base64();

        var answer = gw.openai().chat().completions().create(ChatCompletionCreateParams.builder()
                .model(GatewayFixture.MODEL)
                .addUserMessageOfArrayOfContentParts(List.of(ChatCompletionContentPart.ofImageUrl(
                        ChatCompletionContentPartImage.builder().imageUrl(ChatCompletionContentPartImage.ImageUrl
                                .builder().url(url).build()).build())))
                .build());

        assertEquals("Hello there", answer.choices().get(0).message().content().orElseThrow());
        assertTheUpstreamGotTheWholeImage();
    }

    @Test
    void responsesSdkSendsAnImageOverTwentyMillionCharacters() {
        var url = "data:image/png;base64," + base64();

        var answer = gw.openai().responses().create(ResponseCreateParams.builder().model(GatewayFixture.MODEL)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                        .role(EasyInputMessage.Role.USER)
                        .contentOfResponseInputMessageContentList(List.of(ResponseInputContent.ofInputImage(
                                ResponseInputImage.builder().detail(ResponseInputImage.Detail.AUTO).imageUrl(url)
                                        .build())))
                        .build())))
                .build());

        assertEquals("Hello there", answer.output().get(0).asMessage().content().get(0).asOutputText().text());
        assertTheUpstreamGotTheWholeImage();
    }

    @Test
    void anthropicSdkSendsAnImageOverTwentyMillionCharacters() {
        var client = AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey("unused").maxRetries(0).build();
        try {
            var answer = client.messages().create(MessageCreateParams.builder().model(GatewayFixture.MODEL)
                    .maxTokens(64)
                    .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofImage(Base64ImageSource.builder()
                            .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data(base64()).build())))
                    .build());

            assertEquals("Hello there", answer.content().get(0).asText().text());
        } finally {
            client.close();
        }
        assertTheUpstreamGotTheWholeImage();
    }

    @Test
    void geminiSdkSendsAnImageOverTwentyMillionCharacters() {
        try (var client = gemini()) {
            var answer = client.models.generateContent(GatewayFixture.MODEL,
                    Content.fromParts(Part.fromBytes(image(), "image/png")), null);

            assertEquals("Hello there", answer.text());
        }
        assertTheUpstreamGotTheWholeImage();
    }

    // ---- limits that are hit, in plain words

    /**
     * A number longer than the parser reads, sent through each SDK as an extra field: each SDK's bad-request error
     * says the limit in words. (The Google SDK types every field, so it cannot send such a number; and no SDK can
     * send a body nested too deep, as its own writer stops at the same depth: both are sent by hand below.)
     */
    @Test
    void aNumberLongerThanTheParserReadsIsRefusedInPlainWordsThroughTheSdks() {
        var huge = new java.math.BigDecimal("9".repeat(1200));
        var openai = gw.openai();
        var chat = assertThrows(com.openai.errors.BadRequestException.class, () -> openai.chat().completions()
                .create(ChatCompletionCreateParams.builder().model(GatewayFixture.MODEL).addUserMessage("hi")
                        .putAdditionalBodyProperty("seed", JsonValue.from(huge)).build()));
        assertSaysTheNumberLimit(chat.getMessage());
        var responses = assertThrows(com.openai.errors.BadRequestException.class, () -> openai.responses()
                .create(ResponseCreateParams.builder().model(GatewayFixture.MODEL).input("hi")
                        .putAdditionalBodyProperty("seed", JsonValue.from(huge)).build()));
        assertSaysTheNumberLimit(responses.getMessage());
        var anthropic = AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey("unused").maxRetries(0).build();
        try {
            var e = assertThrows(com.anthropic.errors.BadRequestException.class, () -> anthropic.messages()
                    .create(MessageCreateParams.builder().model(GatewayFixture.MODEL).maxTokens(64).addUserMessage("hi")
                            .putAdditionalBodyProperty("seed", com.anthropic.core.JsonValue.from(huge)).build()));
            assertSaysTheNumberLimit(e.getMessage());
        } finally {
            anthropic.close();
        }
        assertEquals(0, gw.upstream("c1").findAll(postRequestedFor(urlEqualTo(GatewayFixture.PATH))).size());
    }

    private static void assertSaysTheNumberLimit(String message) {
        assertTrue(message.contains("holds a number longer than 1000 digits"), message);
        assertTrue(message.contains("Switchboard reads numbers of at most 1000 digits"), message);
        assertFalse(message.contains("StreamReadConstraints"), message);
    }

    /** A body nested deeper than the parser reads, on each generation route: the limit in words, in its shape. */
    @Test
    void aBodyNestedDeeperThanTheParserReadsIsRefusedInPlainWordsOnEachRoute() {
        var deep = "[".repeat(1200) + "]".repeat(1200);
        var bodies = new java.util.TreeMap<>(Map.of(
                "/v1/chat/completions", "{\"model\":\"up-model\",\"messages\":[],\"x\":" + deep + "}",
                "/v1/responses", "{\"model\":\"up-model\",\"input\":\"hi\",\"x\":" + deep + "}",
                "/v1/messages", "{\"model\":\"up-model\",\"max_tokens\":5,\"messages\":[],\"x\":" + deep + "}",
                "/v1beta/models/up-model:generateContent", "{\"contents\":[],\"x\":" + deep + "}"));
        bodies.forEach((route, body) -> {
            var reply = gw.send(gw.request(route).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build());

            assertEquals(400, reply.statusCode(), route + ": " + reply.body());
            var message = GatewayFixture.json(reply.body()).path("error").path("message").asText();
            assertTrue(message.startsWith("The request body nests objects and arrays more than 1000 levels deep"),
                    route + ": " + message);
            assertTrue(message.endsWith("; Switchboard reads at most 1000."), route + ": " + message);
        });
        assertEquals(0, gw.upstream("c1").findAll(postRequestedFor(urlEqualTo(GatewayFixture.PATH))).size());
    }

    /**
     * A body over the limit is refused before it is read (its Content-Length says so), with the limit in words, in
     * each protocol's own error shape. Sent by hand: an SDK writing 32 MB would meet the closed connection before
     * it read the answer.
     */
    @Test
    void aBodyOverTheLimitIsRefusedSayingTheLimitInEachProtocolsShape() throws Exception {
        var over = 32L * 1024 * 1024 + 1;
        for (var route : List.of("/v1/chat/completions", "/v1/responses", "/v1/messages",
                "/v1beta/models/" + GatewayFixture.MODEL + ":generateContent")) {
            var reply = RawHttp.exchange(gw.port(), "POST " + route + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + over + "\r\nConnection: close\r\n\r\n{");

            assertEquals(413, reply.status(), route);
            var json = GatewayFixture.json(reply.body());
            var message = json.path("error").path("message").asText();
            assertTrue(message.contains("The request body is over the 32 MB limit"), route + ": " + reply.body());
            switch (route) {
                case "/v1/messages" -> assertEquals("error", json.path("type").asText(), reply.body());
                case "/v1/chat/completions", "/v1/responses" ->
                        assertEquals("request_too_large", json.path("error").path("code").asText(), reply.body());
                default -> assertEquals(413, json.path("error").path("code").asInt(), reply.body());
            }
        }
        assertEquals(0, gw.upstream("c1").findAll(postRequestedFor(urlEqualTo(GatewayFixture.PATH))).size());
    }

    private com.google.genai.Client gemini() {
        return com.google.genai.Client.builder().apiKey("unused").httpOptions(HttpOptions.builder()
                .baseUrl(gw.baseUrl()).retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }
}
