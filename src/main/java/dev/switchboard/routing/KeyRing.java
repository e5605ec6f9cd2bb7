package dev.switchboard.routing;

import dev.switchboard.store.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key rotation for channels with several keys (DESIGN §3): a key the upstream rejected or rate-limited is set
 * aside for the cooldown and the channel's next key is used, before the request moves on to another entry.
 * Kept in memory: a restart, or the person editing the channel, gives every key a fresh chance.
 */
public final class KeyRing {
    private final Clock clock;
    /** channel id → key value → until when it is set aside. */
    private final Map<Long, Map<String, Instant>> restingUntil = new ConcurrentHashMap<>();

    public KeyRing(Clock clock) {
        this.clock = clock;
    }

    /** Key indexes in the order to try: keys not set aside first (in channel order), resting ones last. */
    public List<Integer> order(Channel channel) {
        var resting = restingUntil.getOrDefault(channel.id(), Map.of());
        var now = clock.instant();
        var fresh = new ArrayList<Integer>();
        var tired = new ArrayList<Integer>();
        for (int i = 0; i < channel.keys().size(); i++) {
            var until = resting.get(channel.keys().get(i).reveal());
            (until != null && until.isAfter(now) ? tired : fresh).add(i);
        }
        fresh.addAll(tired);
        return fresh;
    }

    public void rest(Channel channel, int keyIndex, Duration howLong) {
        restingUntil.computeIfAbsent(channel.id(), k -> new ConcurrentHashMap<>())
                .put(channel.keys().get(keyIndex).reveal(), clock.instant().plus(howLong));
    }

    public void succeeded(Channel channel, int keyIndex) {
        var resting = restingUntil.get(channel.id());
        if (resting != null) {
            resting.remove(channel.keys().get(keyIndex).reveal());
        }
    }
}
