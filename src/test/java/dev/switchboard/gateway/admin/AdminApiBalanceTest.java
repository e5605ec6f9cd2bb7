package dev.switchboard.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/**
 * {@code /admin/channels/{name}/balance} and the {@code balance} field of channel creation and PATCH, against a
 * WireMock provider; the fixture checks that no answer shows a secret, and these tests that the balance header's
 * own secret is never shown either.
 */
class AdminApiBalanceTest {
    static final String KEY = "sk-test-new-1"; // one of AdminFixture.SECRETS
    static final String TOKEN = "mgmt-FAKE-token-55556666";

    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    private WireMockServer provider;

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    private String create(String name, String balance) throws Exception {
        var r = api.admin("POST", "/admin/channels", "{\"name\":\"" + name + "\",\"baseUrl\":\"http://127.0.0.1:"
                + provider.port() + "/api/v1\",\"keys\":[\"" + KEY + "\"]" + (balance == null ? "" : ",\"balance\":"
                + balance) + "}");
        assertStatus(201, r);
        return r.raw().body();
    }

    @Test
    void postChecksNowAndGetShowsTheLastCheck() throws Exception {
        provider.stubFor(get(urlPathEqualTo("/api/v1/credits")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson("{\"data\": {\"total_credits\": 100.5, \"total_usage\": 25.75}}")));
        create("or", "{\"preset\":\"openrouter\"}");

        var before = api.get("/admin/channels/or/balance");
        assertStatus(200, before);
        assertEquals("unchecked", before.json().get("state").asText());

        var checked = api.admin("POST", "/admin/channels/or/balance", null);
        assertStatus(200, checked);
        assertEquals("or", checked.json().get("channel").asText());
        assertEquals("ok", checked.json().get("state").asText());
        assertEquals("74.75", checked.json().get("remaining").asText());
        assertEquals("100.5", checked.json().get("total").asText());
        assertEquals("USD", checked.json().get("unit").asText());
        assertEquals("openrouter", checked.json().get("query").get("preset").asText());

        var listed = api.get("/admin/channels/or").json().get("balance");
        assertEquals("74.75 of 100.50 USD", listed.get("text").asText());
    }

    @Test
    void failedCheckAnswersTheErrorNotAZero() throws Exception {
        provider.stubFor(get(urlPathEqualTo("/api/v1/credits")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"No auth credentials found for " + KEY + "\"}}")));
        create("or", "{\"preset\":\"openrouter\"}");

        var checked = api.admin("POST", "/admin/channels/or/balance", null);

        assertStatus(200, checked);
        assertEquals("error", checked.json().get("state").asText());
        assertTrue(checked.json().get("remaining").isNull());
        assertTrue(checked.json().get("error").asText().contains("HTTP 401"), checked.json().toString());
    }

    @Test
    void patchSetsACustomQueryWithASecretHeaderShownMaskedAndNullRemovesIt() throws Exception {
        provider.stubFor(get(urlPathEqualTo("/bal")).withHeader("X-Token", equalTo(TOKEN))
                .willReturn(okJson("{\"left\": \"4.5\"}")));
        create("mine", null);

        var patched = api.admin("PATCH", "/admin/channels/mine", "{\"balance\":{\"url\":\"/bal\","
                + "\"headers\":{\"X-Token\":\"" + TOKEN + "\"},\"remaining\":\"$.left\",\"unit\":\"CNY\"}}");
        assertStatus(200, patched);
        var query = patched.json().get("balance").get("query");
        assertEquals("custom", query.get("preset").asText());
        assertEquals("mgmt…6666", query.get("headers").get("X-Token").asText());
        assertFalse(patched.raw().body().contains(TOKEN));

        var checked = api.admin("POST", "/admin/channels/mine/balance", null);
        assertEquals("4.50 CNY", checked.json().get("text").asText());
        assertFalse(checked.raw().body().contains(TOKEN));

        var removed = api.admin("PATCH", "/admin/channels/mine", "{\"balance\":null}");
        assertStatus(200, removed);
        assertTrue(removed.json().get("balance").isNull());
        assertStatus(400, api.get("/admin/channels/mine/balance"));
    }

    @Test
    void badExpressionIsRefusedWithItsPosition() throws Exception {
        create("mine", null);

        var r = api.admin("PATCH", "/admin/channels/mine", "{\"balance\":{\"url\":\"/b\",\"remaining\":\"$.a +\"}}");

        assertStatus(400, r);
        assertTrue(r.error().get("message").asText().contains("position 6"), r.error().toString());
        assertNull(api.store.channels().get("mine").balanceQuery(), "nothing was saved");
    }

    @Test
    void maskedHeaderValueSentBackIsRefused() throws Exception {
        create("mine", null);

        var r = api.admin("PATCH", "/admin/channels/mine", "{\"balance\":{\"preset\":\"deepseek\","
                + "\"headers\":{\"Authorization\":\"mgmt…6666\"}}}");

        assertStatus(400, r);
        assertTrue(r.error().get("message").asText().contains("looks masked"));
    }
}
