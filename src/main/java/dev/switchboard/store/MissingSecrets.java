package dev.switchboard.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a channel imported from a keyless export still lacks before it can route: a key, the values of headers the
 * file withheld, a proxy password the file masked (docs/CONFIG_FORMAT.md). Such a channel stays disabled until the
 * person gives them; one place says what is missing, so that the CLI, the admin API, the window and the store's
 * refusal name the same things in the same order.
 *
 * <p>A withheld proxy password is not stored apart: the channel keeps the masked proxy URL the file had
 * ({@code http://me:****@proxy:3128}), which shows which proxy and user it was and can never be a working proxy
 * password. {@link Masking#looksMasked} tells it.
 */
public final class MissingSecrets {
    private MissingSecrets() {
    }

    /** Whether a channel with these keys, withheld headers and proxy lacks anything. */
    static boolean any(boolean noKeys, List<String> withheldHeaders, String proxy) {
        return noKeys || !withheldHeaders.isEmpty() || proxyWithheld(proxy);
    }

    static boolean proxyWithheld(String proxy) {
        return proxy != null && Masking.looksMasked(proxy);
    }

    /** Each missing secret in words: {@code a key}, {@code the value of header X-Token}, {@code the proxy password}. */
    static List<String> describe(boolean noKeys, List<String> withheldHeaders, String proxy) {
        var out = new ArrayList<String>();
        if (noKeys) {
            out.add("a key");
        }
        withheldHeaders.forEach(h -> out.add("the value of header " + h));
        if (proxyWithheld(proxy)) {
            out.add("the proxy password");
        }
        return out;
    }

    /** The words joined as a sentence: {@code a key, the value of header X-Token and the proxy password}. */
    public static String sentence(List<String> missing) {
        if (missing.size() <= 1) {
            return String.join("", missing);
        }
        return String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.get(missing.size() - 1);
    }

    /** A refusal to enable (or a hint): what is missing and the one command that gives all of it. */
    static String refusal(String name, boolean noKeys, List<String> withheldHeaders, String proxy) {
        var missing = describe(noKeys, withheldHeaders, proxy);
        if (missing.equals(List.of("a key"))) {
            return "Channel '" + name + "' has no API key yet (it was imported without keys), so it cannot be"
                    + " enabled. Give it one with `channels edit " + name + " --key -`.";
        }
        return "Channel '" + name + "' was imported without " + sentence(missing) + ", so it cannot be enabled."
                + " Give " + (missing.size() == 1 ? "it" : "them") + " with `" + command(name, noKeys,
                withheldHeaders, proxy) + "`.";
    }

    /** {@code channels edit NAME --key - --header 'X-Token: <value>' --proxy <URL>}: only what is missing. */
    static String command(String name, boolean noKeys, List<String> withheldHeaders, String proxy) {
        return "channels edit " + name + flags(noKeys, withheldHeaders, proxy);
    }

    /** The options of {@link #command} after the channel's name, each with a leading space. */
    static String flags(boolean noKeys, List<String> withheldHeaders, String proxy) {
        var b = new StringBuilder();
        if (noKeys) {
            b.append(" --key -");
        }
        withheldHeaders.forEach(h -> b.append(" --header '").append(h).append(": <value>'"));
        if (proxyWithheld(proxy)) {
            b.append(" --proxy <proxy-URL-with-password>");
        }
        return b.toString();
    }
}
