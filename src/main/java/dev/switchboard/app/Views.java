package dev.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the CLI shows things: keys, header values and proxy passwords always masked. */
final class Views {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Views() {
    }

    static String keys(Channel c) {
        return String.join(", ", c.keys().stream().map(ApiKey::masked).toList());
    }

    /** Header values may be credentials (custom auth headers): shown masked like keys. */
    static Map<String, String> headers(Channel c) {
        var out = new LinkedHashMap<String, String>();
        c.headers().forEach((k, v) -> out.put(k, ApiKey.mask(v)));
        return out;
    }

    /** A proxy URL with its password, if any, masked. */
    static String proxy(String proxy) {
        if (proxy == null) {
            return null;
        }
        try {
            var uri = new URI(proxy);
            if (uri.getRawUserInfo() == null) {
                return proxy;
            }
            var user = uri.getRawUserInfo().split(":", 2)[0];
            return uri.getScheme() + "://" + user + ":****@" + uri.getHost() + ":" + uri.getPort();
        } catch (Exception e) {
            return "****";
        }
    }

    static String health(Entry e, Health h, Instant now) {
        if (h.systemDisabled()) {
            return "disabled: " + h.disabledReason();
        }
        if (h.coolingAt(now)) {
            return "cooling until " + CLOCK.format(h.cooldownUntil());
        }
        return "ok";
    }

    static ObjectNode channelJson(Channel c, long entries) {
        var n = Json.object();
        n.put("name", c.name());
        n.put("type", c.type().id());
        n.put("baseUrl", c.baseUrl());
        var keys = n.putArray("keys");
        c.keys().forEach(k -> keys.add(k.masked()));
        var headers = n.putObject("headers");
        headers(c).forEach(headers::put);
        n.put("proxy", proxy(c.proxy()));
        var options = n.putObject("options");
        c.options().forEach(options::put);
        n.put("enabled", c.enabled());
        n.put("entries", entries);
        return n;
    }

    static String onOff(boolean enabled) {
        return enabled ? "yes" : "no";
    }

    static String join(List<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }
}
