package dev.switchboard.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A span of time {@code [from, to)} to count usage over, with the zone its days and hours are read in: "today"
 * and the trend's buckets follow the person's wall clock, so a day across a DST change has 23 or 25 hours.
 */
public record UsageRange(Instant from, Instant to, ZoneId zone) {
    /** Ranges up to this long are charted by the hour, longer ones by the day. */
    static final Duration HOURLY_UP_TO = Duration.ofDays(2);

    public UsageRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("A usage range must end after it starts: " + from + " .. " + to);
        }
    }

    /** How the trend is bucketed. */
    public enum Granularity {
        HOUR,
        DAY
    }

    /** One bucket of the trend: {@code [start, end)}. */
    public record Bucket(Instant start, Instant end) {
    }

    /** Today from local midnight to the next one, in {@code zone}. */
    public static UsageRange today(Clock clock, ZoneId zone) {
        return lastDays(1, clock, zone);
    }

    /** The last {@code days} calendar days including today, whole days in {@code zone}. */
    public static UsageRange lastDays(int days, Clock clock, ZoneId zone) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1: " + days);
        }
        var today = LocalDate.ofInstant(clock.instant(), zone);
        return new UsageRange(today.minusDays(days - 1L).atStartOfDay(zone).toInstant(),
                today.plusDays(1).atStartOfDay(zone).toInstant(), zone);
    }

    public Granularity granularity() {
        return Duration.between(from, to).compareTo(HOURLY_UP_TO) <= 0 ? Granularity.HOUR : Granularity.DAY;
    }

    /**
     * The trend's buckets, covering the range without gaps: whole local hours or days, the first and last cut to
     * the range. Hours are real hours (the repeated hour of an autumn change is two buckets, the skipped spring
     * hour none); days are local days (23 or 25 hours across a change).
     */
    public List<Bucket> buckets() {
        var out = new ArrayList<Bucket>();
        var unit = granularity() == Granularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        var start = from;
        while (start.isBefore(to)) {
            var end = nextBoundary(start, unit);
            if (end.isAfter(to)) {
                end = to;
            }
            out.add(new Bucket(start, end));
            start = end;
        }
        return out;
    }

    private Instant nextBoundary(Instant t, ChronoUnit unit) {
        var local = t.atZone(zone);
        if (unit == ChronoUnit.DAYS) {
            return local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        }
        // Truncating the zoned time keeps its offset, so in the repeated autumn hour this is the right one.
        var next = local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
        // Zones whose offset is not whole hours against the previous one could land on t itself; never stall.
        return next.isAfter(t) ? next : t.plus(Duration.ofHours(1));
    }
}
