package dev.switchboard.store;

import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalanceQuery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One upstream account (DESIGN §1).
 *
 * @param keys    API keys in rotation order; empty only for a channel that {@link #needsKey needs a key}
 * @param headers extra headers sent with every upstream request, in insertion order
 * @param proxy   outbound proxy URL ({@code http://host:port}, {@code socks5://host:port}) or null
 * @param options per-type options, such as Azure's {@code api-version}
 * @param withheldHeaders names of headers whose values a keyless export withheld and the person has not given yet
 *                        ({@link MissingSecrets}); never in {@code headers}
 * @param balanceQuery how to ask the provider for the balance, or null for none
 * @param balance      the last balance check, or null when there was none since the query (or the base URL or the
 *                     keys) last changed
 */
public record Channel(
        long id,
        String name,
        ApiType type,
        String baseUrl,
        List<ApiKey> keys,
        Map<String, String> headers,
        String proxy,
        Map<String, String> options,
        boolean enabled,
        List<String> withheldHeaders,
        BalanceQuery balanceQuery,
        Balance balance) {

    public Channel {
        keys = List.copyOf(keys);
        withheldHeaders = List.copyOf(withheldHeaders);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        // The keys registered themselves (ApiKey.of); credential headers and a proxy password are secrets too.
        HeldSecrets.addHeaders(headers);
        HeldSecrets.addProxy(proxy);
        if (balanceQuery != null) {
            balanceQuery.secretValues().forEach(HeldSecrets::addCredential); // an access token, a management key
        }
    }

    /** A channel without a balance query. */
    public Channel(long id, String name, ApiType type, String baseUrl, List<ApiKey> keys, Map<String, String> headers,
                   String proxy, Map<String, String> options, boolean enabled, List<String> withheldHeaders) {
        this(id, name, type, baseUrl, keys, headers, proxy, options, enabled, withheldHeaders, null, null);
    }

    /** A channel that lacks no secret. */
    public Channel(long id, String name, ApiType type, String baseUrl, List<ApiKey> keys, Map<String, String> headers,
                   String proxy, Map<String, String> options, boolean enabled) {
        this(id, name, type, baseUrl, keys, headers, proxy, options, enabled, List.of(), null, null);
    }

    /** The same channel with another last balance check. */
    public Channel withBalance(Balance b) {
        return new Channel(id, name, type, baseUrl, keys, headers, proxy, options, enabled, withheldHeaders,
                balanceQuery, b);
    }

    /**
     * How its last balance check stands, with the settings' default thresholds; null when it has no query or was
     * not checked yet.
     */
    public Balance.Level balanceLevel(Settings settings) {
        if (balanceQuery == null || balance == null) {
            return null;
        }
        return balance.level(balanceQuery.low(), settings.balanceLowPercent(), settings.balanceLowAmount());
    }

    /**
     * Whether the channel has no key: it was imported from a file exported without keys. Such a channel is
     * always disabled (the store refuses to enable it) and routing skips it until a key is given.
     */
    public boolean needsKey() {
        return keys.isEmpty();
    }

    /**
     * Whether it lacks a key, a header value or a proxy password that a keyless export withheld: then it is
     * disabled, the store refuses to enable it and routing skips it ({@link MissingSecrets}).
     */
    public boolean needsSecrets() {
        return MissingSecrets.any(needsKey(), withheldHeaders, proxy);
    }

    /** Whether its proxy password was masked in the file it was imported from, and not given since. */
    public boolean proxyWithheld() {
        return MissingSecrets.proxyWithheld(proxy);
    }

    /** What it lacks, in words ({@code a key}, {@code the value of header X-Token}); empty when nothing. */
    public List<String> missingSecrets() {
        return MissingSecrets.describe(needsKey(), withheldHeaders, proxy);
    }

    /** The options of {@code channels edit NAME} that give what it lacks ({@code  --key - --header '…'}). */
    public String completeOptions() {
        return MissingSecrets.flags(needsKey(), withheldHeaders, proxy);
    }

    @Override
    public String toString() {
        // The generated toString would be safe too (ApiKey masks itself); proxy credentials are not.
        return "Channel[" + id + ", " + name + ", " + type + ", " + baseUrl + ", keys=" + keys + ", enabled="
                + enabled + "]";
    }
}
