package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.switchboard.gateway.GatewayFixture.PATH;
import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.openai.errors.NotFoundException;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Setting;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every resolution tier of DESIGN §2, seen from the client: which upstream is called, with which model. */
class ChatCompletionsResolutionTest {
    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, java.time.Clock.systemUTC());
        for (var name : new String[] {"alpha", "beta", "gamma"}) {
            answers(gw.bareChannel(name));
        }
        gw.store.entries().add("alpha", "gpt-4o-mini", null, true);
        gw.store.entries().add("beta", "claude-sonnet-4-5", "sonnet", true);
        gw.store.entries().add("gamma", "deepseek-chat", null, false); // not in auto
        gw.store.entries().createGroup("coding");
        gw.store.entries().addMember("coding", "gamma/deepseek-chat", null);
        gw.start();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "{0} → {1}/{2}")
    @CsvSource({
            "coding,                   gamma, deepseek-chat",     // group name
            "CODING,                   gamma, deepseek-chat",     // group names are case-insensitive
            "beta/claude-sonnet-4-5,   beta,  claude-sonnet-4-5", // channel/model
            "gpt-4o-mini,              alpha, gpt-4o-mini",       // exact model name
            "sonnet,                   beta,  claude-sonnet-4-5", // alias
            "deepseek,                 gamma, deepseek-chat",     // fuzzy: contained in the model name
            "gpt-4o-mini-2024-07-18,   alpha, gpt-4o-mini",       // fuzzy: the model name is contained in it
            "no-such-model,            alpha, gpt-4o-mini",       // fallback to auto, first member
            "'  ',                     alpha, gpt-4o-mini",       // no name means auto
    })
    void routesEachTierToItsEntry(String requested, String channel, String upstreamModel) {
        assertEquals("Hello there", gw.ask(requested));

        var wm = gw.upstream(channel);
        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo(upstreamModel))));
        int total = calls(gw.upstream("alpha")) + calls(gw.upstream("beta")) + calls(gw.upstream("gamma"));
        assertEquals(1, total, "only the resolved upstream is called");
        var record = gw.lastUsage();
        assertEquals(channel, record.channelName());
        assertEquals(upstreamModel, record.upstreamModel());
        assertEquals(requested, record.requestedModel());
    }

    @Test
    void answers404ModelNotFoundWhenFallbackIsOff() {
        gw.set(Setting.FALLBACK_TO_AUTO, "false");

        var e = assertThrows(NotFoundException.class, () -> gw.ask("no-such-model"));

        assertEquals(404, e.statusCode());
        assertEquals("model_not_found", e.code().orElseThrow());
        assertEquals("invalid_request_error", e.type().orElseThrow());
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
        var raw = gw.post(chatBody("no-such-model", false));
        assertEquals(404, raw.statusCode());
        var error = GatewayFixture.json(raw.body()).get("error");
        assertTrue(error.has("message") && error.has("type") && error.has("param") && error.has("code"), raw.body());
        assertEquals(0, calls(gw.upstream("alpha")) + calls(gw.upstream("beta")) + calls(gw.upstream("gamma")));
        assertEquals(LoggedOutcome.NO_CANDIDATE, gw.lastUsage().outcome());
        assertEquals("Hello there", gw.ask("gpt-4o-mini"), "names that match still route with fallback off");
    }
}
