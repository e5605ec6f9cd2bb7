package dev.switchboard.gateway;

import dev.switchboard.routing.OutcomeClassifier;
import dev.switchboard.store.Settings;
import java.time.Clock;

/**
 * The outcome classifier of the settings an endpoint last saw, made again only when the settings change: building
 * one parses the auto-disable lists, which is not work for every request. Shared by the endpoints that run a
 * failover ({@link ProxyHandler}, {@link SurfaceHandler}).
 */
final class Classifiers {
    private final Clock clock;
    private volatile Classifying last;

    private record Classifying(Settings settings, OutcomeClassifier classifier) {
    }

    Classifiers(Clock clock) {
        this.clock = clock;
    }

    /** The classifier for {@code settings}: the last one made, when the settings are the same object. */
    OutcomeClassifier of(Settings settings) {
        var c = last;
        if (c == null || c.settings() != settings) {
            c = new Classifying(settings, new OutcomeClassifier(settings, clock));
            last = c;
        }
        return c.classifier();
    }
}
