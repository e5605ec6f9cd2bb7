package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Database;
import dev.switchboard.store.RequestFilter;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.usage.TokenSums;
import dev.switchboard.usage.UsageRange;
import dev.switchboard.usage.UsageStats;
import dev.switchboard.usage.UsageTotals;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage tab's logic and words, without a display: a real store, a fixed clock, Berlin's zone. */
class UsagePresenterTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z"); // 12:00 in Berlin
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Store store;
    private UsagePresenter presenter;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, CLOCK);
        presenter = new UsagePresenter(UsageStats.of(store), Messages.of("en", Locale.ENGLISH), CLOCK, BERLIN);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void chosenDaysAreWholeLocalDaysAndBadOnesAreRefusedInWords() {
        assertEquals(null, presenter.custom("2025-05-01", " 2025-05-03 "));
        var range = presenter.query().range();
        assertEquals(java.time.LocalDate.parse("2025-05-01").atStartOfDay(BERLIN).toInstant(), range.from());
        assertEquals(java.time.LocalDate.parse("2025-05-04").atStartOfDay(BERLIN).toInstant(), range.to(),
                "the last day is included");
        assertEquals(UsagePresenter.Span.CUSTOM, presenter.span());
        assertEquals("The first day must not be after the last.", presenter.custom("2025-05-03", "2025-05-01"));
        assertTrue(presenter.custom("May 1", "2025-05-03").contains("yyyy-MM-dd"));
        assertEquals(range, presenter.query().range(), "a refused choice keeps the range");
    }

    @Test
    void formatsRatesTokensAndTimes() {
        assertEquals("98.5 %", UsagePresenter.percent(0.985));
        assertEquals("100 %", UsagePresenter.percent(1.0));
        assertEquals("0 %", UsagePresenter.percent(0.0));
        assertEquals("—", UsagePresenter.percent(null));
        assertEquals("12.3k tokens", presenter.tokens(12_345));
        assertEquals("950 tokens", presenter.tokens(950));
        assertEquals("12k", UsagePresenter.compact(12_000));
        assertEquals("1M", UsagePresenter.compact(999_999)); // not "1000k"
        assertEquals("2.5B", UsagePresenter.compact(2_500_000_000L));
        assertEquals("1,234,567", UsagePresenter.count(1_234_567));
        assertEquals("310 ms", UsagePresenter.millis(310L));
        assertEquals("2.4 s", UsagePresenter.millis(2_400.0));
        assertEquals("—", UsagePresenter.millis(null));
        assertEquals("11:05:00", presenter.time(Instant.parse("2025-06-01T09:05:00Z")));
        assertEquals("05-31 23:59:00", presenter.time(Instant.parse("2025-05-31T21:59:00Z")));
        assertEquals("temporary failure", presenter.outcome(LoggedOutcome.TRANSIENT));
        assertEquals("unknown", presenter.outcome(LoggedOutcome.of("something_new")), "a later version's outcome");
    }

    /**
     * Every outcome the request log holds has its own words in both languages, the refusals Switchboard makes
     * itself included (issue 12), and the outcome filter offers each of them: a raw id in the window would mean a
     * label was forgotten.
     */
    @Test
    void everyOutcomeIncludingTheRefusalsHasALabelInEachLanguage() {
        var zh = new UsagePresenter(UsageStats.of(store), Messages.of("zh", Locale.ENGLISH), CLOCK, BERLIN);
        var en = Messages.of("en", Locale.ENGLISH);
        for (var o : UsagePresenter.OUTCOMES) {
            assertTrue(en.has("usage.outcome." + o.id()), "a label for " + o);
            // The Chinese bundle falls back to the English one: only a different word shows it was translated.
            assertNotEquals(presenter.outcome(o), zh.outcome(o), "translated: " + o);
        }
        assertEquals("refused by access rules", presenter.outcome(LoggedOutcome.REFUSED));
        assertEquals("invalid request", presenter.outcome(LoggedOutcome.INVALID_REQUEST));
        assertEquals("unknown endpoint", presenter.outcome(LoggedOutcome.NO_ROUTE));
        assertEquals("no healthy entry", presenter.outcome(LoggedOutcome.NO_HEALTHY_ENTRY));
        assertEquals("访问规则拒绝", zh.outcome(LoggedOutcome.REFUSED));
        assertEquals("无健康条目", zh.outcome(LoggedOutcome.NO_HEALTHY_ENTRY));
        var offered = presenter.outcomeChoices().stream().map(UsagePresenter.Choice::label).toList();
        assertTrue(offered.containsAll(List.of("refused by access rules", "invalid request", "unknown endpoint",
                "no healthy entry")), offered.toString());
    }

    @Test
    void speaksChineseToo() {
        var zh = new UsagePresenter(UsageStats.of(store), Messages.of("zh", Locale.ENGLISH), CLOCK, BERLIN);
        assertEquals("12.3k token", zh.tokens(12_345));
        assertEquals("今天", zh.spanLabel(UsagePresenter.Span.TODAY));
        assertEquals("全部失败", zh.outcome(LoggedOutcome.ALL_FAILED));
    }

    @Test
    void cardsSayWhatTheTotalsAre() {
        var cards = presenter.cards(new UsageTotals(200, 197, new TokenSums(12_345, 2_000, 6_000, 100, 500)));

        assertEquals(List.of("requests", "success", "input", "output", "cache"),
                cards.stream().map(UsagePresenter.Card::id).toList());
        assertEquals("200", cards.get(0).value());
        assertEquals("3 failed", cards.get(0).detail());
        assertEquals("98.5 %", cards.get(1).value());
        assertEquals("197 of 200 succeeded", cards.get(1).detail());
        assertEquals("12.3k tokens", cards.get(2).value());
        assertEquals("exactly 12,345", cards.get(2).detail());
        assertEquals("2k tokens", cards.get(3).value());
        assertEquals("6k / 100", cards.get(4).value());
        assertEquals("48.6 % of input read from cache", cards.get(4).detail());
        assertEquals("—", presenter.cards(UsageTotals.NONE).get(1).value());
    }

    @Test
    void rowsOfTheBreakdownsAndTheLog() {
        store.usage().insert(List.of(
                new UsageRecord(Instant.parse("2025-06-01T09:00:00Z"), "openai", "auto", true, 1L, "alpha",
                        "gpt-4o", 200, LoggedOutcome.SUCCESS, 310L, 2400L, new UsageRecord.Tokens(12_345L, 678L, null, null, null),
                        null, List.of(
                                new UsageRecord.Attempt(2L, "beta", "claude-x", 1, 401, LoggedOutcome.CREDENTIAL, 90L, 95L,
                                        "invalid api_key=test-key-alpha-0000000000000000"),
                                new UsageRecord.Attempt(1L, "alpha", "gpt-4o", 0, 200, LoggedOutcome.SUCCESS, 310L, 2400L,
                                        null)), "rule:background")));

        var report = presenter.load(presenter.query());
        presenter.loaded(report);

        assertEquals(List.of(List.of("alpha", "1", "100 %", "12.3k / 678", "0", "310 ms / 2.4 s", "1"),
                        List.of("beta", "0", "—", "0 / 0", "0", "—", "1 (1 failed)")),
                presenter.breakdownRows(report.channels()));
        var request = report.page().requests().get(0);
        var cells = new ArrayList<String>();
        for (int i = 0; i < presenter.requestColumns().size(); i++) {
            cells.add(presenter.requestCell(request, i));
        }
        assertEquals(List.of("11:00:00", "openai · stream", "auto", "alpha", "gpt-4o", "success", "200", "2",
                "310 ms", "2.4 s", "12.3k", "678", "rule:background"), cells);
        assertTrue(presenter.requestSummary(request).endsWith(" · chosen by rule:background"),
                presenter.requestSummary(request));
        var attempts = presenter.attemptRows(request);
        assertEquals(2, attempts.size());
        assertEquals(List.of("1", "beta", "claude-x", "#2", "401", "key rejected", "90 ms", "95 ms"),
                attempts.get(0).subList(0, 8));
        // Shown redacted even though the store got it in clear.
        var error = attempts.get(0).get(8);
        assertTrue(error.startsWith("invalid api_key="), error);
        assertFalse(error.contains("test-key-alpha-0000000000000000"), error);
        assertEquals("1–1 of 1", presenter.pageText(report.page()));
        assertEquals(List.of("All channels", "alpha", "beta"),
                presenter.channelChoices(report).stream().map(UsagePresenter.Choice::label).toList());
    }

    @Test
    void rangesFiltersAndPages() {
        assertEquals(UsageRange.today(CLOCK, BERLIN), presenter.query().range());
        presenter.span(UsagePresenter.Span.MONTH);
        assertEquals(UsageRange.lastDays(30, CLOCK, BERLIN), presenter.query().range());

        var failed = presenter.outcomeChoices().get(1);
        assertEquals("Failed only", failed.label());
        assertEquals(new RequestFilter("alpha", null, null, true),
                UsagePresenter.filterOf(new UsagePresenter.Choice("alpha", "alpha"), null, failed));

        presenter.nextPage();
        presenter.nextPage();
        assertEquals(2 * UsagePresenter.PAGE_SIZE, presenter.query().offset());
        presenter.filter(new RequestFilter(null, "gpt-4o", null, false));
        assertEquals(0, presenter.query().offset(), "a new filter starts at the first page");
    }

    @Test
    void aPageBeyondTheEndFallsBackToTheLastOne() {
        var records = new ArrayList<UsageRecord>();
        for (int i = 0; i < UsagePresenter.PAGE_SIZE + 5; i++) {
            records.add(new UsageRecord(Instant.parse("2025-06-01T08:00:00Z").plusSeconds(i), "openai", "m", false,
                    1L, "alpha", "m", 200, LoggedOutcome.SUCCESS, 1L, 2L, null, null, List.of()));
        }
        store.usage().insert(records);

        var report = presenter.load(new UsagePresenter.Query(UsageRange.today(CLOCK, BERLIN), RequestFilter.ALL,
                3 * UsagePresenter.PAGE_SIZE));
        presenter.loaded(report);

        assertEquals(UsagePresenter.PAGE_SIZE, report.page().offset());
        assertEquals(5, report.page().requests().size());
        assertEquals(UsagePresenter.PAGE_SIZE, presenter.offset());
        assertEquals("101–105 of 105", presenter.pageText(report.page()));
    }
}
