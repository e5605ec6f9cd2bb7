package dev.switchboard.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ApiKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code channels balance} and the {@code --balance…} options of {@code channels add/edit}, end to end against a
 * WireMock provider; after each test, nothing any command printed holds a key or a balance header's secret.
 */
class ChannelsBalanceCommandTest {
    static final String KEY = "sk-FAKE-balance-cli-key-11112222";
    static final String TOKEN = "access-token-FAKE-33334444";

    @TempDir
    Path dir;

    private WireMockServer provider;
    private final List<String> printed = new ArrayList<>();

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
    }

    @AfterEach
    void stopAndCheckNothingLeaked() {
        provider.stop();
        for (var p : printed) {
            for (var secret : List.of(KEY, TOKEN)) {
                assertFalse(p.contains(secret), () -> "secret " + ApiKey.mask(secret) + " printed in full:\n" + p);
            }
        }
    }

    private CliRun sb(String... args) {
        var r = CliRun.run(dir, args);
        printed.add(r.toString());
        return r;
    }

    private String url() {
        return "http://127.0.0.1:" + provider.port() + "/v1";
    }

    private void deepseekAnswers(String totalBalance) {
        provider.stubFor(get(urlPathEqualTo("/user/balance")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson("{\"is_available\": true, \"balance_infos\": [{\"currency\": \"CNY\","
                        + " \"total_balance\": \"" + totalBalance + "\", \"granted_balance\": \"0.00\","
                        + " \"topped_up_balance\": \"" + totalBalance + "\"}]}")));
    }

    @Test
    void addWithAPresetThenBalanceChecksAndStoresIt() {
        deepseekAnswers("110.00");
        sb("channels", "add", "--force", "--type", "openai", "ds", "--url", url(), "--key", KEY,
                "--balance", "deepseek").ok().prints("Balance: DeepSeek", "channels balance ds");

        sb("channels", "balance", "ds").ok().prints("ds", "110.00 CNY", "ok", "deepseek preset");

        var json = sb("channels", "show", "ds", "--json").ok().json().get("balance");
        assertEquals("ok", json.get("state").asText());
        assertEquals("110.00", json.get("remaining").asText());
        assertEquals("CNY", json.get("unit").asText());
        assertEquals("deepseek", json.get("query").get("preset").asText());
        sb("channels", "list").ok().prints("BALANCE", "110.00 CNY");
    }

    @Test
    void lowAndEmptyBalancesAreSaidSo() {
        deepseekAnswers("0.50");
        sb("channels", "add", "--force", "--type", "openai", "ds", "--url", url(), "--key", KEY,
                "--balance", "deepseek").ok();
        sb("channels", "balance", "ds").ok().prints("0.50 CNY", "low");

        provider.resetAll();
        deepseekAnswers("0.00");
        sb("channels", "balance").ok().prints("0.00 CNY", "empty");
    }

    @Test
    void failedCheckIsAnErrorWithExitCodeOneAndNeverAZero() {
        provider.stubFor(get(urlPathEqualTo("/user/balance")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"Authentication Fails, your api key " + KEY + " is invalid\"}}")));
        sb("channels", "add", "--force", "--type", "openai", "ds", "--url", url(), "--key", KEY,
                "--balance", "deepseek").ok();

        var r = sb("channels", "balance", "ds", "--json");

        assertEquals(Main.FAILURE, r.code());
        var b = r.json().get(0);
        assertEquals("error", b.get("state").asText());
        assertTrue(b.get("remaining").isNull(), "no amount for a failed check");
        assertTrue(b.get("error").asText().contains("HTTP 401"), b.toString());
        sb("channels", "balance", "ds", "--last").ok().prints("error: ", "HTTP 401");
    }

    @Test
    void customQueryFromOptionsWithASecretHeaderShownMasked() {
        provider.stubFor(get(urlPathEqualTo("/api/user/self")).withHeader("Authorization", equalTo(TOKEN))
                .withHeader("New-Api-User", equalTo("7"))
                .willReturn(okJson("{\"success\": true, \"data\": {\"quota\": 1000000, \"used_quota\": 19000000}}")));
        sb("channels", "add", "--force", "--type", "openai", "relay", "--url", url(), "--key", KEY,
                "--balance", "custom", "--balance-url", "/api/user/self",
                "--balance-header", "Authorization: " + TOKEN, "--balance-header", "New-Api-User: 7",
                "--balance-remaining", "$.data.quota / 500000",
                "--balance-total", "($.data.quota + $.data.used_quota) / 500000", "--balance-unit", "USD").ok();

        sb("channels", "balance", "relay").ok().prints("2.00 of 40.00 USD", "low",
                "Authorization: " + ApiKey.mask(TOKEN));
        sb("channels", "show", "relay").ok().prints("custom GET /api/user/self", "remaining $.data.quota / 500000");
    }

    @Test
    void badExpressionIsRefusedWhenSavedWithItsPosition() {
        sb("channels", "add", "--force", "--type", "openai", "relay", "--url", url(), "--key", KEY).ok();

        sb("channels", "edit", "relay", "--balance", "custom", "--balance-url", "/b",
                "--balance-remaining", "$.data.left -").fails(Main.USAGE, "remaining", "position 14", "expected");
        provider.verify(0, getRequestedFor(urlPathEqualTo("/b")));
    }

    @Test
    void editChangesOneFieldAndNoneRemovesTheQuery() {
        deepseekAnswers("110.00");
        sb("channels", "add", "--force", "--type", "openai", "ds", "--url", url(), "--key", KEY,
                "--balance", "deepseek").ok();

        sb("channels", "edit", "ds", "--balance-low", "200").ok().prints("deepseek preset", "low below 200");
        sb("channels", "balance", "ds").ok().prints("low");

        sb("channels", "edit", "ds", "--balance", "none").ok().prints("no balance query");
        sb("channels", "balance", "ds").fails(Main.USAGE, "no balance query", "--balance");
    }

    @Test
    void knownUrlGetsItsPresetByItself() {
        sb("channels", "add", "--force", "--type", "openai", "ds", "--url", "https://api.deepseek.com/v1",
                "--key", KEY).ok().prints("Balance: DeepSeek (known from the URL");
        assertEquals("deepseek",
                sb("channels", "show", "ds", "--json").ok().json().get("balance").get("query").get("preset").asText());
    }

    @Test
    void noChannelWithAQuerySaysHowToGiveOne() {
        sb("channels", "balance").ok().prints("No channel has a balance query", "--balance PRESET");
    }
}
