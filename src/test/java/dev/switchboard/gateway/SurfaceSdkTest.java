package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.switchboard.gateway.GatewayFixture.errorBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.moderations.ModerationCreateParams;
import dev.switchboard.store.LoggedOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI surface besides generation, through the official OpenAI SDK: each endpoint asked for {@code auto},
 * the first channel down (503), the second answering. What the SDK got, what the upstream received (the entry's
 * model, the channel's key, every other byte as sent), the entries' health and the request log.
 */
class SurfaceSdkTest {
    private static final String MODEL = GatewayFixture.MODEL;

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = GatewayFixture.withChannels(dataDir, 2);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** c1 answers 503 at {@code path}; c2 answers {@code body} as {@code contentType}. */
    private void c1DownC2Answers(String path, String contentType, byte[] body) {
        gw.upstream("c1").stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody(errorBody("overloaded"))));
        gw.upstream("c2").stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(body)));
    }

    private void c1DownC2Answers(String path, String json) {
        c1DownC2Answers(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** What c2 received at {@code path}: once, with its own key and never the client's. */
    private LoggedRequest receivedByC2(String path) {
        var c1 = gw.upstream("c1").findAll(postRequestedFor(urlPathEqualTo(path)));
        assertEquals(1, c1.size(), "c1 was tried once");
        var c2 = gw.upstream("c2").findAll(postRequestedFor(urlPathEqualTo(path)));
        assertEquals(1, c2.size(), "c2 answered");
        var request = c2.get(0);
        assertEquals("Bearer sk-test-key-c2", request.getHeader("Authorization"));
        assertEquals("Bearer sk-test-key-c1", c1.get(0).getHeader("Authorization"));
        for (var h : request.getHeaders().all()) {
            assertFalse(h.values().toString().contains("client-key-unused"), "the client's key went upstream: " + h);
        }
        return request;
    }

    /** c1 cools down, c2 is healthy; one logged request with both attempts. */
    private void assertFailedOverToC2(String protocol, String requested) {
        var c1 = gw.health("c1");
        assertTrue(c1.coolingAt(Instant.now()), "c1 cools down: " + c1);
        assertEquals(1, c1.consecutiveFailures());
        assertFalse(gw.health("c2").coolingAt(Instant.now()));
        assertEquals(0, gw.health("c2").consecutiveFailures());
        var record = gw.lastUsage();
        assertEquals(protocol, record.clientProtocol());
        assertEquals(requested, record.requestedModel());
        assertEquals(LoggedOutcome.SUCCESS, record.outcome());
        assertEquals("c2", record.channelName());
        assertEquals(MODEL, record.upstreamModel());
        assertEquals(200, record.status());
        assertEquals(2, record.attempts().size());
        var first = record.attempts().get(0);
        assertEquals("c1", first.channelName());
        assertEquals(LoggedOutcome.TRANSIENT, first.outcome());
        assertEquals(503, first.status());
        assertTrue(first.error().contains("overloaded"), first.error());
        assertEquals(LoggedOutcome.SUCCESS, record.attempts().get(1).outcome());
    }

    private static String model(LoggedRequest request) {
        return GatewayFixture.json(request.getBodyAsString()).get("model").asText();
    }

    @Test
    void embeddings() {
        c1DownC2Answers("/v1/embeddings", """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,\
                0.015797347]}],"model":"up-model","usage":{"prompt_tokens":8,"total_tokens":8}}""");

        var answer = gw.openai().embeddings().create(EmbeddingCreateParams.builder().model("auto")
                .input("The food was delicious").build());

        assertEquals(List.of(0.0023064255f, -0.009327292f, 0.015797347f), answer.data().get(0).embedding());
        var sent = receivedByC2("/v1/embeddings");
        assertEquals(MODEL, model(sent));
        assertEquals("The food was delicious", GatewayFixture.json(sent.getBodyAsString()).get("input").asText());
        assertFailedOverToC2("openai-embeddings", "auto");
        assertEquals(8L, gw.lastUsage().tokens().input());
    }

    @Test
    void legacyCompletions() {
        c1DownC2Answers("/v1/completions", """
                {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"up-model","choices":[{"text":\
                "Hello there","index":0,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":5,\
                "completion_tokens":2,"total_tokens":7}}""");

        var answer = gw.openai().completions().create(CompletionCreateParams.builder().model("auto")
                .prompt("Say hello").maxTokens(5).build());

        assertEquals("Hello there", answer.choices().get(0).text());
        var sent = receivedByC2("/v1/completions");
        assertEquals(MODEL, model(sent));
        assertEquals(5, GatewayFixture.json(sent.getBodyAsString()).get("max_tokens").asInt());
        assertFailedOverToC2("openai-completions", "auto");
        assertEquals(5L, gw.lastUsage().tokens().input());
        assertEquals(2L, gw.lastUsage().tokens().output());
    }

    @Test
    void moderations() {
        c1DownC2Answers("/v1/moderations", """
                {"id":"modr-1","model":"up-model","results":[{"flagged":false,"categories":{"violence":false},\
                "category_scores":{"violence":0.0001}}]}""");

        var answer = gw.openai().moderations().create(ModerationCreateParams.builder().model("auto")
                .input("a kind sentence").build());

        assertFalse(answer.results().get(0).flagged());
        assertEquals(MODEL, model(receivedByC2("/v1/moderations")));
        assertFailedOverToC2("openai-moderations", "auto");
    }

    @Test
    void imageGenerations() {
        c1DownC2Answers("/v1/images/generations", """
                {"created":1713833628,"data":[{"b64_json":"aGVsbG8gaW1hZ2U="}],"usage":{"total_tokens":100,\
                "input_tokens":50,"output_tokens":50,"input_tokens_details":{"text_tokens":10,"image_tokens":40}}}""");

        var answer = gw.openai().images().generate(ImageGenerateParams.builder().model("auto")
                .prompt("a lighthouse").build());

        assertEquals("aGVsbG8gaW1hZ2U=", answer.data().orElseThrow().get(0).b64Json().orElseThrow());
        var sent = receivedByC2("/v1/images/generations");
        assertEquals(MODEL, model(sent));
        assertEquals("a lighthouse", GatewayFixture.json(sent.getBodyAsString()).get("prompt").asText());
        assertFailedOverToC2("openai-images-generations", "auto");
        assertEquals(50L, gw.lastUsage().tokens().output());
    }

    @Test
    void audioTranscriptionsPassTheFormThroughButForItsModel() throws IOException {
        var wav = fixture("audio/hello.wav");
        var file = Files.write(dataDir.resolve("hello.wav"), wav);
        c1DownC2Answers("/v1/audio/transcriptions", """
                {"text":"Hello there","usage":{"type":"tokens","input_tokens":14,"output_tokens":3,\
                "total_tokens":17}}""");

        var answer = gw.openai().audio().transcriptions().create(TranscriptionCreateParams.builder().model("auto")
                .file(file).prompt("a greeting").build());

        assertEquals("Hello there", answer.asTranscription().text());
        var sent = receivedByC2("/v1/audio/transcriptions");
        var type = sent.getHeader("Content-Type");
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        var boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        var body = sent.getBody();
        assertTrue(new String(body, StandardCharsets.ISO_8859_1).startsWith("--" + boundary + "\r\n"),
                "the client's boundary is kept in the header and the body");
        var parts = sent.getParts();
        var model = part(parts, "model");
        assertEquals(MODEL, model.getBody().asString());
        var audio = part(parts, "file");
        assertArrayEquals(wav, audio.getBody().asBytes(), "the audio went upstream bit for bit");
        assertTrue(audio.getHeader("Content-Disposition").firstValue().contains("filename=\"hello.wav\""));
        assertEquals("a greeting", part(parts, "prompt").getBody().asString());
        // The only difference from what c1 received: nothing (both know the model as up-model).
        var c1 = gw.upstream("c1").findAll(postRequestedFor(urlPathEqualTo("/v1/audio/transcriptions"))).get(0);
        assertArrayEquals(c1.getBody(), body);
        assertFailedOverToC2("openai-audio-transcriptions", "auto");
        assertEquals(14L, gw.lastUsage().tokens().input());
    }

    private static com.github.tomakehurst.wiremock.http.Request.Part part(
            java.util.Collection<com.github.tomakehurst.wiremock.http.Request.Part> parts, String name) {
        return parts.stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name));
    }

    @Test
    void audioSpeechComesBackAsAudio() throws IOException {
        var mp3 = new byte[4096];
        for (int i = 0; i < mp3.length; i++) {
            mp3[i] = (byte) (i * 31 + 7);
        }
        mp3[0] = 'I';
        mp3[1] = 'D';
        mp3[2] = '3';
        c1DownC2Answers("/v1/audio/speech", "audio/mpeg", mp3);

        byte[] got;
        String type;
        try (var answer = gw.openai().audio().speech().create(SpeechCreateParams.builder().model("auto")
                .input("Hello there").voice(SpeechCreateParams.Voice.ofString("alloy"))
                .build())) {
            assertEquals(200, answer.statusCode());
            type = answer.headers().values("Content-Type").get(0);
            got = answer.body().readAllBytes();
        }

        assertEquals("audio/mpeg", type);
        assertArrayEquals(mp3, got);
        var sent = receivedByC2("/v1/audio/speech");
        assertEquals(MODEL, model(sent));
        assertEquals("alloy", GatewayFixture.json(sent.getBodyAsString()).get("voice").asText());
        assertFailedOverToC2("openai-audio-speech", "auto");
        assertNull(gw.lastUsage().tokens().input());
        assertNotNull(gw.lastUsage().ttfbMs());
    }

    static byte[] fixture(String path) {
        try (var in = SurfaceSdkTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
