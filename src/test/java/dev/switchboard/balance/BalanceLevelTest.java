package dev.switchboard.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a balance stands (ok, low, empty, error), which preset a URL takes, and where each preset asks. */
class BalanceLevelTest {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    static final BigDecimal ONE = BigDecimal.ONE;

    static Balance.Level level(String remaining, String total, String low) {
        var b = new Balance(NOW, new BigDecimal(remaining), total == null ? null : new BigDecimal(total), "USD", null,
                null);
        return b.level(low, 10, ONE);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            // remaining, total, channel threshold, level
            "50, 100, -, OK",
            "10, 100, -, OK",          // 10% of 100 is not below 10%
            "9.99, 100, -, LOW",
            "0, 100, -, EMPTY",
            "-2, -, -, EMPTY",
            "1, -, -, OK",             // no total: below the amount (1) is low
            "0.99, -, -, LOW",
            "30, 100, 40%, LOW",
            "30, -, 40%, OK",          // a percentage without a total falls back to the amount
            "4, 100, 5, LOW",
            "6, -, 5, OK",
    })
    void levels(String remaining, String total, String low, Balance.Level expected) {
        assertEquals(expected, level(remaining, total, low));
    }

    @Test
    void failedCheckIsAnErrorNeverEmpty() {
        var failed = Balance.failed(NOW, "HTTP 401");
        assertEquals(Balance.Level.ERROR, failed.level(null, 10, ONE));
        assertTrue(!failed.empty());
        assertNull(failed.remaining());
        assertEquals("HTTP 401", failed.text());
    }

    @Test
    void amountsShowTwoDecimalsAndSmallOnesTheirDigits() {
        assertEquals("74.75", Balance.amount(new BigDecimal("74.75")));
        assertEquals("110.00", Balance.amount(new BigDecimal("110")));
        assertEquals("0.00412", Balance.amount(new BigDecimal("0.004123")));
        assertEquals("0.00", Balance.amount(BigDecimal.ZERO));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "https://openrouter.ai/api/v1, openrouter",
            "https://api.deepseek.com, deepseek",
            "https://api.deepseek.com/v1, deepseek",
            "https://api.siliconflow.cn/v1, siliconflow",
            "https://api.siliconflow.com/v1, siliconflow",
            "https://api.moonshot.cn/v1, moonshot",
            "https://api.moonshot.ai/v1, moonshot",
            "https://relay.example.com/v1, -",
            "https://deepseek.relay.example.com/v1, -",
            "not a url, -",
    })
    void presetIsRecognisedFromTheHostOnly(String url, String preset) {
        assertEquals(preset, BalancePreset.recognise(url).map(BalancePreset::id).orElse(null));
    }

    @ParameterizedTest
    @CsvSource({
            "deepseek, https://api.deepseek.com/v1, https://api.deepseek.com/user/balance",
            "openrouter, https://openrouter.ai/api/v1, https://openrouter.ai/api/v1/credits",
            "siliconflow, https://api.siliconflow.cn/v1, https://api.siliconflow.cn/v1/user/info",
            "moonshot, https://api.moonshot.ai/v1, https://api.moonshot.ai/v1/users/me/balance",
            "new-api, https://relay.example.com/proxy/v1, https://relay.example.com/proxy/v1/dashboard/billing/subscription",
            "one-api, https://relay.example.com, https://relay.example.com/v1/dashboard/billing/subscription",
    })
    void presetsAskTheirDocumentedEndpoint(String preset, String base, String first) {
        var plan = BalanceQuery.of(BalancePreset.of(preset)).validated().plan(base);
        assertEquals(first, plan.calls().get(0).uri().toString());
    }

    @Test
    void moonshotAndSiliconFlowBillInYuanOnTheirChinaSites() {
        assertEquals("'CNY'", BalanceQuery.of(BalancePreset.MOONSHOT).plan("https://api.moonshot.cn/v1").mapping().unit());
        assertEquals("'USD'", BalanceQuery.of(BalancePreset.MOONSHOT).plan("https://api.moonshot.ai/v1").mapping().unit());
    }

    @Test
    void queryFieldsOverrideThePresetsOneByOne() {
        var q = new BalanceQuery(BalancePreset.DEEPSEEK, null, null, Map.of(),
                new BalanceQuery.Mapping("$.balance_infos[1].total_balance", null, null, null), null).validated();
        var m = q.plan("https://api.deepseek.com").mapping();
        assertEquals("$.balance_infos[1].total_balance", m.remaining());
        assertEquals("$.balance_infos[0].currency", m.unit(), "the preset's unit stays");
    }

    @Test
    void unknownPresetIsRefusedListingTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> BalancePreset.of("anthropic"));
        assertTrue(e.getMessage().contains("deepseek") && e.getMessage().contains("custom"), e.getMessage());
    }

    @Test
    void autoWithAnUnknownHostSaysSo() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BalanceQuery.Edit.to("auto").apply(null, "https://relay.example.com/v1"));
        assertTrue(e.getMessage().contains("relay.example.com"), e.getMessage());
        assertEquals(BalancePreset.DEEPSEEK,
                BalanceQuery.Edit.to("auto").apply(null, "https://api.deepseek.com").preset());
    }

    @Test
    void jsonRoundTripKeepsEveryFieldAndWithholdsSecretsOnRequest() {
        var q = new BalanceQuery(BalancePreset.CUSTOM, "/b", "POST", Map.of("X-Token", "tok-FAKE-565656565656",
                "Authorization", "Bearer {key}"), new BalanceQuery.Mapping("$.a - $.b", "$.t", "CNY", "$.r"), "5");
        assertEquals(q, BalanceQuery.fromJson(q.toJson(true)));
        var withheld = BalanceQuery.fromJson(q.toJson(false));
        assertEquals(java.util.List.of("X-Token"), withheld.withheldHeaders());
        assertEquals("Bearer {key}", withheld.headers().get("Authorization"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> BalanceQuery.fromJson(q.toJson(true).put("remainder", "$.x")));
        assertTrue(e.getMessage().contains("remainder"), e.getMessage());
    }
}
