package dev.switchboard.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ChannelPatch;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.upstream.UpstreamClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each balance preset against a WireMock upstream serving the provider's documented answer (fixtures under
 * {@code discovery/balance/}), over a real store; and the ways a check fails, each an error and never a zero.
 */
class BalanceCheckTest {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String KEY = "sk-FAKE-balance-key-0123456789abcdef";

    @TempDir
    Path dir;

    private WireMockServer server;
    private Store store;
    private UpstreamClient upstream;
    private BalanceCheck check;

    @BeforeEach
    void open() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        store = Store.open(dir, Database.Check.FULL, CLOCK);
        upstream = UpstreamClient.create();
        check = new BalanceCheck(store, upstream, CLOCK);
    }

    @AfterEach
    void close() {
        upstream.close();
        store.close();
        server.stop();
    }

    static String fixture(String name) {
        try (var in = BalanceCheckTest.class.getResourceAsStream("/dev/switchboard/discovery/balance/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String base(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private Channel channel(String name, String baseUrl, BalanceQuery query) {
        return store.channels().create(ChannelDraft.of(name, ApiType.OPENAI, baseUrl, List.of(KEY))
                .withBalanceQuery(query));
    }

    private void serve(String path, String fixture) {
        server.stubFor(get(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson(fixture(fixture))));
    }

    @Test
    void readsDeepSeekBalanceAndCurrencyFromItsDocumentedAnswer() {
        serve("/user/balance", "deepseek-user-balance.json");
        channel("deepseek", base("/v1"), BalanceQuery.of(BalancePreset.DEEPSEEK));

        var b = check.check("deepseek").balance();

        assertFalse(b.failed(), b::error);
        assertEquals(new BigDecimal("110.00"), b.remaining());
        assertNull(b.total());
        assertEquals("CNY", b.unit());
        assertEquals(NOW, b.checkedAt());
        assertEquals("110.00 CNY", b.text());
    }

    @Test
    void readsOpenRouterCreditsAsPurchasedMinusUsed() {
        serve("/api/v1/credits", "openrouter-credits.json");
        channel("or", base("/api/v1"), BalanceQuery.of(BalancePreset.OPENROUTER));

        var b = check.check("or").balance();

        assertEquals(0, new BigDecimal("74.75").compareTo(b.remaining()), b::text);
        assertEquals(0, new BigDecimal("100.5").compareTo(b.total()));
        assertEquals("USD", b.unit());
        assertEquals("74.75 of 100.50 USD", b.text());
    }

    @Test
    void readsSiliconFlowTotalBalance() {
        serve("/v1/user/info", "siliconflow-user-info.json");
        channel("sf", base("/v1"), BalanceQuery.of(BalancePreset.SILICONFLOW));

        var b = check.check("sf").balance();

        assertEquals(new BigDecimal("88.88"), b.remaining());
        assertEquals("USD", b.unit(), "a host not in .cn is the international site, which bills in USD");
    }

    @Test
    void readsMoonshotAvailableBalance() {
        serve("/v1/users/me/balance", "moonshot-balance.json");
        channel("kimi", base("/v1"), BalanceQuery.of(BalancePreset.MOONSHOT));

        var b = check.check("kimi").balance();

        assertEquals(new BigDecimal("49.58894"), b.remaining());
    }

    @Test
    void readsNewApiRemainingFromTheSubscriptionAndUsagePair() {
        serve("/v1/dashboard/billing/subscription", "newapi-subscription.json");
        serve("/v1/dashboard/billing/usage", "newapi-usage.json");
        channel("relay", base("/v1"), BalanceQuery.of(BalancePreset.NEW_API));

        var b = check.check("relay").balance();

        // 20 USD granted in all, 512.5 cents used
        assertEquals(0, new BigDecimal("14.875").compareTo(b.remaining()), b::text);
        assertEquals(0, new BigDecimal("20").compareTo(b.total()));
        assertEquals("USD", b.unit());
    }

    @Test
    void newApiBaseWithoutItsVersionSegmentGetsOne() {
        serve("/v1/dashboard/billing/subscription", "newapi-subscription.json");
        serve("/v1/dashboard/billing/usage", "newapi-usage.json");
        channel("relay", base(""), BalanceQuery.of(BalancePreset.NEW_API));

        assertFalse(check.check("relay").balance().failed());
    }

    @Test
    void customQueryReadsItsOwnEndpointWithArithmeticAndItsOwnHeaders() {
        server.stubFor(get(urlPathEqualTo("/api/user/self"))
                .withHeader("Authorization", equalTo("access-token-FAKE-42424242"))
                .withHeader("New-Api-User", equalTo("7"))
                .willReturn(okJson("{\"success\": true, \"data\": {\"quota\": 2500000, \"used_quota\": 2500000}}")));
        var q = new BalanceQuery(BalancePreset.CUSTOM, "/api/user/self", "GET",
                Map.of("Authorization", "access-token-FAKE-42424242", "New-Api-User", "7"),
                new BalanceQuery.Mapping("$.data.quota / 500000", "($.data.quota + $.data.used_quota) / 500000",
                        "USD", null), "20%");
        channel("self", base("/v1"), q);

        var c = check.check("self");

        assertEquals(0, new BigDecimal("5").compareTo(c.balance().remaining()));
        assertEquals(0, new BigDecimal("10").compareTo(c.balance().total()));
        assertEquals("USD", c.balance().unit());
        assertEquals(Balance.Level.OK, c.balanceLevel(store.settings().load()), "5 of 10 is not below 20%");
    }

    @Test
    void openRouterKeyLimitIsReadByTheCustomQueryItsJavadocSuggests() {
        serve("/api/v1/key", "openrouter-key.json");
        var q = new BalanceQuery(BalancePreset.CUSTOM, "/api/v1/key", null, Map.of("Authorization", "Bearer {key}"),
                new BalanceQuery.Mapping("$.data.limit_remaining", "$.data.limit", "USD", "$.data.expires_at"), null);
        channel("or-key", base("/api/v1"), q);

        var b = check.check("or-key").balance();

        assertEquals("74.50 of 100.00 USD", b.text());
        assertEquals(Instant.parse("2027-12-31T23:59:59Z"), b.resetAt());
    }

    @Test
    void keyPlaceholderInAHeaderIsReplacedByTheChannelKey() {
        server.stubFor(get(urlPathEqualTo("/user/balance")).withHeader("X-Api-Key", equalTo(KEY))
                .willReturn(okJson(fixture("deepseek-user-balance.json"))));
        var q = new BalanceQuery(BalancePreset.DEEPSEEK, null, null, Map.of("X-Api-Key", "{key}"), null, null);
        channel("ds", base(""), q);

        assertFalse(check.check("ds").balance().failed());
    }

    @Test
    void customQueryWithoutHeadersUsesTheChannelTypesOwnAuth() {
        server.stubFor(get(urlPathEqualTo("/balance")).withHeader("x-api-key", equalTo(KEY))
                .willReturn(okJson("{\"left\": 3}")));
        var q = new BalanceQuery(BalancePreset.CUSTOM, "/balance", null, Map.of(),
                new BalanceQuery.Mapping("$.left", null, null, null), null);
        store.channels().create(ChannelDraft.of("claude", ApiType.ANTHROPIC, base(""), List.of(KEY))
                .withBalanceQuery(q));

        assertEquals(new BigDecimal("3"), check.check("claude").balance().remaining());
    }

    @Test
    void rejectedKeyIsAnErrorWithTheProvidersWordsNeverAZero() {
        server.stubFor(get(urlPathEqualTo("/user/balance")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"Authentication Fails, Your api key: " + KEY
                        + " is invalid\", \"type\": \"authentication_error\"}}")));
        channel("ds", base(""), BalanceQuery.of(BalancePreset.DEEPSEEK));

        var c = check.check("ds");

        assertTrue(c.balance().failed());
        assertNull(c.balance().remaining(), "a failed check has no amount, not 0");
        assertTrue(c.balance().error().contains("HTTP 401"), c.balance().error());
        assertTrue(c.balance().error().contains("Authentication Fails"), c.balance().error());
        assertFalse(c.balance().error().contains(KEY), "the key the provider echoed is masked: " + c.balance());
        assertEquals(Balance.Level.ERROR, c.balanceLevel(store.settings().load()));
        assertFalse(c.balance().empty(), "an error is not an empty balance");
    }

    @Test
    void openRouterRefusalSaysAManagementKeyIsNeeded() {
        server.stubFor(get(urlPathEqualTo("/api/v1/credits")).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\": {\"message\": \"Only management keys can fetch credits\", \"code\": 403}}")));
        channel("or", base("/api/v1"), BalanceQuery.of(BalancePreset.OPENROUTER));

        var error = check.check("or").balance().error();

        assertTrue(error.contains("management key"), error);
    }

    @Test
    void errorInsideA200AnswerIsAnError() {
        server.stubFor(get(urlPathEqualTo("/v1/dashboard/billing/subscription"))
                .willReturn(okJson(fixture("newapi-error-inside-200.json"))));
        serve("/v1/dashboard/billing/usage", "newapi-usage.json");
        channel("relay", base("/v1"), BalanceQuery.of(BalancePreset.NEW_API));

        var b = check.check("relay").balance();

        assertTrue(b.failed());
        assertTrue(b.error().contains("record not found"), b.error());
    }

    @Test
    void pathThatLeadsNowhereSaysWhereItStopped() {
        serve("/v1/user/info", "moonshot-balance.json"); // the wrong provider's answer
        channel("sf", base("/v1"), BalanceQuery.of(BalancePreset.SILICONFLOW));

        var b = check.check("sf").balance();

        assertTrue(b.failed());
        assertTrue(b.error().contains("$.data.totalBalance"), b.error());
        assertTrue(b.error().contains("available_balance"), "it lists the fields there are: " + b.error());
    }

    @Test
    void webPageInsteadOfJsonIsAnError() {
        server.stubFor(get(urlPathEqualTo("/user/balance"))
                .willReturn(aResponse().withStatus(200).withBody("<!DOCTYPE html><html>login</html>")));
        channel("ds", base(""), BalanceQuery.of(BalancePreset.DEEPSEEK));

        var error = check.check("ds").balance().error();

        assertTrue(error.contains("not with JSON"), error);
    }

    @Test
    void unreachableHostIsAnError() {
        channel("ds", base(""), BalanceQuery.of(BalancePreset.DEEPSEEK));
        server.stop();

        var b = check.check("ds").balance();

        assertTrue(b.failed());
        assertTrue(b.error().contains("refused") || b.error().contains("127.0.0.1"), b.error());
    }

    @Test
    void failedCheckReplacesAGoodOneAndStaysAnError() {
        serve("/user/balance", "deepseek-user-balance.json");
        channel("ds", base(""), BalanceQuery.of(BalancePreset.DEEPSEEK));
        assertFalse(check.check("ds").balance().failed());

        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/user/balance")).willReturn(aResponse().withStatus(503)));
        check.check("ds");

        var stored = store.channels().get("ds").balance();
        assertTrue(stored.failed(), "the last check is what is shown, and it failed");
        assertNull(stored.remaining());
        assertTrue(stored.error().contains("503"), stored.error());
    }

    @Test
    void channelWithoutAQuerySaysWhichPresetItsUrlWouldTake() {
        store.channels().create(ChannelDraft.of("ds", ApiType.OPENAI, "https://api.deepseek.com/v1", List.of(KEY)));

        var e = assertThrows(StoreException.class, () -> check.check("ds"));

        assertEquals(StoreException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("--balance deepseek"), e.getMessage());
    }

    @Test
    void changingTheQueryDropsTheLastCheck() {
        serve("/user/balance", "deepseek-user-balance.json");
        channel("ds", base(""), BalanceQuery.of(BalancePreset.DEEPSEEK));
        check.check("ds");

        var edited = store.channels().update("ds", ChannelPatch.builder()
                .balance(new BalanceQuery.Edit(false, null, null, null, Map.of(), null, "50")).build());

        assertNull(edited.balance(), "a reading of another query is not shown for this one");
        assertEquals("50", edited.balanceQuery().low());
    }

    @Test
    void checkOfAChannelChangedMeanwhileIsNotStored() {
        serve("/user/balance", "deepseek-user-balance.json");
        var before = channel("ds", base(""), BalanceQuery.of(BalancePreset.DEEPSEEK));
        var reading = check.read(before, store.settings().load());
        store.channels().update("ds", ChannelPatch.builder().keys(List.of("sk-FAKE-another-key-9999999999")).build());

        var now = store.channels().recordBalance(before, reading);

        assertNull(now.balance(), "the reading was of the old key's account");
        server.verify(1, getRequestedFor(urlPathEqualTo("/user/balance")));
    }
}
