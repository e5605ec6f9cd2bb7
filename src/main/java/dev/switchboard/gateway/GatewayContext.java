package dev.switchboard.gateway;

import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.routing.HealthTracker;
import dev.switchboard.store.LiveSnapshot;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.Dialects;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.usage.UsageRecorder;
import java.time.Clock;

/**
 * Everything the gateway's handlers use, wired once by {@code Main} (or a test) and passed in.
 *
 * @param store      for the admin API's changes; the request path reads {@code live} only
 * @param adminToken the token the admin API requires (kept in the data folder)
 * @param dialects   which upstream models take a request of their own form (OpenAI's reasoning models)
 * @param metrics    what {@code GET /metrics} serves; fed by {@code usage}'s writer thread
 */
public record GatewayContext(
        Store store,
        LiveSnapshot live,
        HealthTracker health,
        UpstreamClient upstream,
        Dialects dialects,
        UsageRecorder usage,
        String version,
        String adminToken,
        Clock clock,
        GatewayMetrics metrics) {
}
