package dev.switchboard.ui;

import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.usage.UsageReport;
import dev.switchboard.usage.UsageStats;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The usage tab's parts without the tab: a store in a temp folder and a presenter over it, on
 * {@link UsagePresenterTest}'s fixed clock and zone. {@link #read} is what the tab does in the background. Close it
 * after.
 */
final class UsageFixture implements AutoCloseable {
    final Store store;
    final Messages text = Messages.of("en", Locale.ENGLISH);
    final UsagePresenter presenter;

    UsageFixture(Path folder) {
        this.store = Store.open(folder, Database.Check.QUICK, UsagePresenterTest.CLOCK);
        this.presenter = new UsagePresenter(UsageStats.of(store), text, UsagePresenterTest.CLOCK,
                UsagePresenterTest.BERLIN);
    }

    /** Reads the presenter's range, filter and page, as the tab does before it hands the report on. */
    UsageReport read() {
        var report = presenter.load(presenter.query());
        presenter.loaded(report);
        return report;
    }

    @Override
    public void close() {
        store.close();
    }
}
