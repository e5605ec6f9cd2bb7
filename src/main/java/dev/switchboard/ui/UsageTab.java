package dev.switchboard.ui;

import dev.switchboard.usage.UsageReport;
import dev.switchboard.usage.UsageStats;
import java.awt.BorderLayout;
import java.awt.Component;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import javax.swing.Timer;

/**
 * Usage: how many requests, how many succeeded, what they cost in tokens, per channel and per model, over today,
 * the last 7 or 30 days or chosen days; the trend; and the request log with each request's attempts. The range
 * ({@link UsageRangeBar}) and the summary ({@link UsageCards}) sit over two views, the {@link UsageOverviewPane
 * overview} and the {@link RequestLogPane request log}; this class reads the range and hands the report to each.
 * While shown it reads again every two seconds (usage writes are not announced as data changes); hidden, it does
 * nothing at all.
 */
final class UsageTab implements Tab {
    /** How often the shown tab reads the log again. */
    static final int LIVE_MILLIS = 2000;
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final UiContext ctx;
    private final Messages text;
    private final UsagePresenter presenter;
    private final JPanel root = new JPanel(new BorderLayout());
    private final JTabbedPane views = new JTabbedPane();
    private final UsageRangeBar range;
    private final UsageCards cards;
    private final UsageOverviewPane overview;
    private final RequestLogPane log;
    private final NewestReads<UsageReport> reads;
    private final Timer timer;
    private UsageReport shown;

    UsageTab(UiContext ctx) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.presenter = new UsagePresenter(UsageStats.of(ctx.store()), text, ctx.clock(), ZoneId.systemDefault());
        this.reads = new NewestReads<>(ctx.background());
        this.range = new UsageRangeBar(text, presenter, ctx.clock(), this::load);
        this.cards = new UsageCards(presenter);
        this.log = new RequestLogPane(text, presenter, this::load);
        this.overview = new UsageOverviewPane(text, presenter, (channel, model) -> {
            views.setSelectedIndex(1);
            log.showRequestsOf(channel, model);
        });
        this.timer = new Timer(LIVE_MILLIS, e -> tick());
        timer.setRepeats(true);
        build();
    }

    private void build() {
        var north = new JPanel();
        north.setLayout(new BoxLayout(north, BoxLayout.Y_AXIS));
        north.setBorder(BorderFactory.createEmptyBorder(10, 12, 8, 12));
        var header = range.component();
        var cardRow = cards.component();
        header.setAlignmentX(Component.LEFT_ALIGNMENT);
        cardRow.setAlignmentX(Component.LEFT_ALIGNMENT);
        north.add(header);
        north.add(Box.createVerticalStrut(10));
        north.add(cardRow);

        views.addTab(text.get("usage.view.overview"), overview.component());
        views.addTab(text.get("usage.view.log"), log.component());
        views.setBorder(BorderFactory.createEmptyBorder(0, 8, 8, 8));

        root.add(north, BorderLayout.NORTH);
        root.add(views, BorderLayout.CENTER);
    }

    @Override
    public String id() {
        return "usage";
    }

    @Override
    public String title() {
        return text.get("tab.usage");
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void shown() {
        load();
        timer.start();
    }

    @Override
    public void hidden() {
        timer.stop();
    }

    /** The configuration changed: the log does not depend on it, but a renamed channel shows sooner. */
    @Override
    public void refresh() {
        tick();
    }

    // ---- loading ----

    /** Reads the chosen range in the background and shows it; the future completes once it is shown. */
    CompletableFuture<Void> load() {
        var query = presenter.query();
        return reads.read(() -> presenter.load(query), this::show,
                e -> range.failed(text.get("usage.error", ErrorText.of(e, text))));
    }

    /** A timer tick: read again unless the last read is still running. */
    private void tick() {
        if (reads.idle()) {
            load();
        }
    }

    private void show(UsageReport report) {
        presenter.loaded(report);
        range.updated(text.get("usage.updated", ctx.clock().instant().atZone(ZoneId.systemDefault())
                .format(UPDATED)));
        if (report.equals(shown)) {
            return; // nothing new: leave tables, selection and scroll alone
        }
        shown = report;
        cards.show(presenter.cards(report.totals()));
        overview.show(report);
        log.show(report);
    }

    // ---- for tests and the screenshot tour ----

    Timer timer() {
        return timer;
    }

    CompletableFuture<Void> lastLoad() {
        return reads.last();
    }

    UsageRangeBar range() {
        return range;
    }

    JComboBox<String> rangeBox() {
        return range.rangeBox();
    }

    UsageCards cards() {
        return cards;
    }

    UsageOverviewPane overview() {
        return overview;
    }

    RequestLogPane log() {
        return log;
    }
}
