package dev.switchboard.usage;

import dev.switchboard.store.RequestPage;
import java.util.List;

/** Everything the usage view shows for one range, read in one transaction so its numbers agree. */
public record UsageReport(UsageRange range, UsageTotals totals, List<UsageBreakdown> channels,
                          List<UsageBreakdown> models, Trend trend, RequestPage page) {
    public UsageReport {
        channels = List.copyOf(channels);
        models = List.copyOf(models);
    }
}
