package dev.switchboard.service;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.discovery.BalanceCheck;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.UpstreamClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The balance schedule driven by a clock the test moves: what is due, when, and what is never checked. */
class BalanceScheduleTest {
    static final String KEY = "sk-FAKE-schedule-key-0123456789";
    static final String ANSWER = "{\"is_available\": true, \"balance_infos\": [{\"currency\": \"CNY\","
            + " \"total_balance\": \"5.00\"}]}";

    /** A clock that moves only when told. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2025-06-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private WireMockServer server;
    private Store store;
    private UpstreamClient upstream;
    private BalanceSchedule schedule;

    @BeforeEach
    void open() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(get(urlPathEqualTo("/user/balance")).willReturn(okJson(ANSWER)));
        store = Store.open(dir, Database.Check.FULL, clock);
        upstream = UpstreamClient.create();
        schedule = new BalanceSchedule(new BalanceCheck(store, upstream, clock), store::snapshot, clock);
    }

    @AfterEach
    void close() {
        schedule.close();
        upstream.close();
        store.close();
        server.stop();
    }

    private void channel(String name, boolean withQuery, boolean enabled) {
        var draft = ChannelDraft.of(name, ApiType.OPENAI, "http://127.0.0.1:" + server.port(), List.of(KEY))
                .withEnabled(enabled);
        store.channels().create(withQuery ? draft.withBalanceQuery(BalanceQuery.of(BalancePreset.DEEPSEEK)) : draft);
    }

    private int calls() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/user/balance"))).size();
    }

    @Test
    void checksOnlyChannelsWithAQueryThatAreOn() {
        channel("with", true, true);
        channel("without", false, true);
        channel("off", true, false);

        assertEquals(List.of("with"), schedule.runDue());
        assertEquals(1, calls());
        assertEquals("5.00 CNY", store.channels().get("with").balance().text());
    }

    @Test
    void checksAgainOnlyWhenTheIntervalHasPassed() {
        channel("ds", true, true);
        schedule.runDue();

        clock.advance(Duration.ofMinutes(29));
        assertEquals(List.of(), schedule.runDue(), "checked 29 minutes ago: not due");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of("ds"), schedule.runDue(), "30 minutes (the default) have passed");
        assertEquals(2, calls());
    }

    @Test
    void aFailedCheckWaitsForTheNextPeriodToo() {
        server.resetAll(); // nothing answers: every check fails
        channel("ds", true, true);

        assertEquals(List.of("ds"), schedule.runDue());
        clock.advance(Duration.ofMinutes(10));

        assertEquals(List.of(), schedule.runDue(), "a provider that is down is not asked every minute");
        assertEquals(true, store.channels().get("ds").balance().failed());
    }

    @Test
    void intervalSettingChangesThePeriodAndZeroStopsIt() {
        channel("ds", true, true);
        store.settings().set(Setting.BALANCE_CHECK_MINUTES, "5");
        schedule.runDue();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of("ds"), schedule.runDue());

        store.settings().set(Setting.BALANCE_CHECK_MINUTES, "0");
        clock.advance(Duration.ofDays(1));
        assertEquals(List.of(), schedule.runDue(), "0 means on demand only");
        assertEquals(2, calls());
    }
}
