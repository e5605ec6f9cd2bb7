package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.service.GatewayState;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.UpstreamClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's side of balances without a display: the Channels tab's Balance column (English and Chinese) and the
 * tray's tooltip, over a real store and a WireMock provider.
 */
class BalanceInWindowTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);
    static final String KEY = "sk-FAKE-window-balance-77778888";
    static final GatewayState RUNNING = new GatewayState.Running("http://127.0.0.1:9090");

    @TempDir
    Path dir;

    private WireMockServer provider;
    private Store store;
    private UpstreamClient upstream;
    private ChannelsModel model;
    private final Messages en = Messages.of("en", Locale.ENGLISH);

    @BeforeEach
    void open() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        store = Store.open(dir, Database.Check.QUICK, CLOCK);
        upstream = UpstreamClient.create();
        model = new ChannelsModel(store, upstream, CLOCK, en, ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        upstream.close();
        store.close();
        provider.stop();
    }

    /** A DeepSeek channel whose account (told apart by its key) holds {@code totalBalance}. */
    private void deepseek(String name, String totalBalance) {
        var key = KEY + "-" + name;
        provider.stubFor(get(urlPathEqualTo("/user/balance")).withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(okJson("{\"is_available\": true, \"balance_infos\": [{\"currency\": \"CNY\","
                        + " \"total_balance\": \"" + totalBalance + "\"}]}")));
        store.channels().create(ChannelDraft.of(name, ApiType.OPENAI, "http://127.0.0.1:" + provider.port() + "/v1",
                List.of(key)).withBalanceQuery(BalanceQuery.of(BalancePreset.DEEPSEEK)));
    }

    private ChannelsModel.Row row(String name) {
        return model.rows(store.snapshot()).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void balanceColumnShowsAmountAndLevelOrTheError() {
        store.channels().create(ChannelDraft.of("plain", ApiType.OPENAI, "https://plain.example.test/v1",
                List.of(KEY)));
        deepseek("rich", "110.00");

        assertNull(row("plain").balance(), "no query: an empty cell");
        assertEquals("not checked yet", row("rich").balance().text());

        model.checkBalance("rich");
        var rich = row("rich").balance();
        assertEquals(Balance.Level.OK, rich.level());
        assertEquals("110.00 CNY", rich.text());
        assertEquals("Checked at 10:00:00", rich.tip());

        provider.resetAll();
        provider.stubFor(get(urlPathEqualTo("/user/balance")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\": {\"message\": \"upstream down\"}}")));
        model.checkBalance("rich");
        var failed = row("rich").balance();
        assertEquals(Balance.Level.ERROR, failed.level());
        assertEquals("check failed", failed.text(), "never an amount for a failed check");
        assertTrue(failed.tip().contains("HTTP 500") && failed.tip().contains("upstream down"), failed.tip());
        assertFalse(failed.tip().contains(KEY));
    }

    @Test
    void lowAndEmptyAreSaidInEnglishAndChinese() {
        deepseek("low", "0.50");
        model.checkBalance("low");

        assertEquals("0.50 CNY (low)", row("low").balance().text());
        var zh = new ChannelsModel(store, upstream, CLOCK, Messages.of("zh", Locale.CHINESE), ZoneOffset.UTC);
        var cell = zh.rows(store.snapshot()).get(0).balance();
        assertEquals("0.50 CNY（偏低）", cell.text());
    }

    @Test
    void trayTooltipNamesLowAndEmptyChannels() {
        deepseek("low", "0.50");
        deepseek("broke", "0.00");
        deepseek("fine", "50.00");
        var text = Messages.of("en", Locale.ENGLISH);
        assertEquals("Switchboard: running on http://127.0.0.1:9090",
                TrayMenuModel.tooltip(store.snapshot(), RUNNING, CLOCK.instant(), text), "nothing checked yet");

        for (var name : List.of("low", "broke", "fine")) {
            model.checkBalance(name);
        }

        assertEquals("Switchboard: running on http://127.0.0.1:9090\n"
                        + "Balance empty: broke (0.00 CNY)\n"
                        + "Balance low: low (0.50 CNY)",
                TrayMenuModel.tooltip(store.snapshot(), RUNNING, CLOCK.instant(), text));
        assertTrue(TrayMenuModel.tooltip(store.snapshot(), RUNNING, CLOCK.instant(), Messages.of("zh",
                Locale.CHINESE)).contains("余额偏低：low (0.50 CNY)"));
    }

    @Test
    void failedCheckIsNotInTheTooltip() {
        deepseek("ds", "0.00");
        provider.resetAll(); // nothing answers
        model.checkBalance("ds");

        assertEquals("Switchboard: running on http://127.0.0.1:9090",
                TrayMenuModel.tooltip(store.snapshot(), RUNNING, CLOCK.instant(), en));
    }
}
