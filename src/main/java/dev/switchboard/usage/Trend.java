package dev.switchboard.usage;

import java.util.List;

/** A range's requests over time: one point per bucket, empty buckets included, oldest first. */
public record Trend(UsageRange.Granularity granularity, List<TrendPoint> points) {
    public Trend {
        points = List.copyOf(points);
    }
}
