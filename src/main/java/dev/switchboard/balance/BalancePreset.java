package dev.switchboard.balance;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The balance endpoints Switchboard knows, each with the provider's documented request and answer. Every preset
 * authenticates with the channel's (first) key as {@code Authorization: Bearer <key>} unless the query gives its own
 * headers, and is written in the same mapping language as a custom query ({@link BalanceExpression}), so a preset is
 * only a query someone already wrote. The answers each preset reads are kept as test fixtures under
 * {@code src/test/resources/dev/switchboard/discovery/balance/}, copied from the documentation cited.
 *
 * <p>Endpoints are placed on the channel's base URL as the provider serves them: on the site (scheme, host and
 * port) for the providers' own hosts, on the OpenAI base ({@code …/v1}) for new-api/one-api relays, which may sit
 * under a path prefix. {@link #recognise} picks a preset from the base URL's host; new-api/one-api relays run on
 * any host, so that one is chosen by hand.
 */
public enum BalancePreset {
    /**
     * new-api and one-api relays (and their forks): the OpenAI-style billing pair, which both serve to an ordinary
     * relay key ({@code sk-…}), on {@code /v1/dashboard/…} and on {@code /dashboard/…}.
     * <ul>
     *   <li>{@code GET /v1/dashboard/billing/subscription} →
     *       {@code {"object": "billing_subscription", "hard_limit_usd": 20.0, "access_until": 0, …}}, where
     *       {@code hard_limit_usd} is the token's remaining plus used quota (or the user's, when the relay does not
     *       display per-token statistics), converted to USD.</li>
     *   <li>{@code GET /v1/dashboard/billing/usage} → {@code {"object": "list", "total_usage": 512.5}}, the used
     *       quota in US <em>cents</em> (the USD amount times 100, as OpenAI's old endpoint had it).</li>
     * </ul>
     * So remaining = {@code hard_limit_usd - total_usage / 100} and total = {@code hard_limit_usd}, in USD.
     * Conversion: one-api and new-api count quota in units of 500,000 per US dollar ({@code QuotaPerUnit =
     * 500 * 1000.0}); these endpoints divide by it already. A new-api relay set to display CNY or tokens
     * ({@code QuotaDisplayType}) answers in that unit instead: then give the unit by hand ({@code --balance-unit
     * CNY}). A token with unlimited quota answers {@code hard_limit_usd = 100000000}. Both answer an internal
     * problem with HTTP 200 and {@code {"error": {"message": …}}}, which the check reports as an error.
     * Source: one-api {@code controller/billing.go} and {@code router/dashboard.go} (songquanpeng/one-api),
     * new-api {@code controller/billing.go} (QuantumNous/new-api), and new-api's docs ("account billing panel").
     * The relay's own {@code /api/user/self} ({@code data.quota}, {@code data.used_quota}, in quota units) needs a
     * dashboard access token and a {@code New-Api-User} header instead of the relay key: a custom query can read
     * it, with {@code $.data.quota / 500000}.
     */
    NEW_API("new-api", "new-api / one-api relay"),
    /**
     * OpenRouter: {@code GET https://openrouter.ai/api/v1/credits} →
     * {@code {"data": {"total_credits": 100.5, "total_usage": 25.75}}}, credits purchased and used, in USD; remaining
     * = {@code total_credits - total_usage}. OpenRouter documents this endpoint as needing a management key: an
     * ordinary key may be refused (401/403), and the check then says so. Give a management key as the query's
     * header ({@code --balance-header 'Authorization: Bearer <management key>'}); or read the key's own spending
     * limit with a custom query on {@code GET /api/v1/key} ({@code $.data.limit_remaining}, {@code $.data.limit},
     * both null for a key without a limit). Source: openrouter.ai/docs/api/api-reference/credits/get-credits and
     * …/api-keys/get-current-key.
     */
    OPENROUTER("openrouter", "OpenRouter"),
    /**
     * DeepSeek: {@code GET https://api.deepseek.com/user/balance} → {@code {"is_available": true, "balance_infos":
     * [{"currency": "CNY", "total_balance": "110.00", "granted_balance": "10.00", "topped_up_balance": "100.00"}]}}.
     * Amounts are strings (numbers here all the same); {@code currency} is CNY or USD; the first entry is read (an
     * account with both currencies can point {@code --balance-remaining} at {@code $.balance_infos[1]…}). No total
     * is published. Source: api-docs.deepseek.com/api/get-user-balance.
     */
    DEEPSEEK("deepseek", "DeepSeek"),
    /**
     * SiliconFlow: {@code GET https://api.siliconflow.cn/v1/user/info} (international: {@code api.siliconflow.com})
     * → {@code {"code": 20000, "message": "OK", "status": true, "data": {…, "balance": "0.88", "chargeBalance":
     * "88.00", "totalBalance": "88.88"}}}: {@code totalBalance} is the granted {@code balance} plus the paid
     * {@code chargeBalance}, as strings. CNY on the {@code .cn} site, USD on the international one. No total is
     * published. Source: docs.siliconflow.cn/cn/api-reference/userinfo/get-user-info and
     * docs.siliconflow.com/en/api-reference/userinfo/get-user-info. (Third-party notes report that the China site
     * retired this endpoint for console sessions in 2026; should it answer 404, the check shows that error, never
     * a zero.)
     */
    SILICONFLOW("siliconflow", "SiliconFlow"),
    /**
     * Moonshot (Kimi): {@code GET https://api.moonshot.cn/v1/users/me/balance} (international:
     * {@code api.moonshot.ai}) → {@code {"code": 0, "data": {"available_balance": 49.58894, "voucher_balance":
     * 46.58893, "cash_balance": 3.00001}, "scode": "0x0", "status": true}}. {@code available_balance} is cash plus
     * vouchers; at or below 0 the inference API refuses calls. CNY on the {@code .cn} platform, USD on the
     * international one. No total is published. Source: platform.moonshot.cn/docs/api/balance.
     */
    MOONSHOT("moonshot", "Moonshot (Kimi)"),
    /** A query the person wrote: endpoint, method, headers and mapping of their own. */
    CUSTOM("custom", "custom query");

    private final String id;
    private final String title;

    BalancePreset(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    /** For people: {@code DeepSeek}, {@code new-api / one-api relay}. */
    public String title() {
        return title;
    }

    /** The preset named {@code id} (case-insensitive; {@code one-api} is new-api's). */
    public static BalancePreset of(String id) {
        var wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("one-api") || wanted.equals("oneapi") || wanted.equals("newapi")) {
            return NEW_API;
        }
        for (var p : values()) {
            if (p.id.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a balance preset: use one of " + ids() + ".");
    }

    /** Every id, comma-separated, for messages and help. */
    public static String ids() {
        return Arrays.stream(values()).map(BalancePreset::id).collect(Collectors.joining(", "));
    }

    /**
     * The preset a base URL's host says, if any: {@code openrouter.ai}, {@code api.deepseek.com},
     * {@code api.siliconflow.cn}/{@code .com}, {@code api.moonshot.cn}/{@code .ai}. A relay of another host is none
     * of them, whatever it relays.
     */
    public static Optional<BalancePreset> recognise(String baseUrl) {
        var host = host(baseUrl);
        if (host == null) {
            return Optional.empty();
        }
        if (host.equals("openrouter.ai") || host.endsWith(".openrouter.ai")) {
            return Optional.of(OPENROUTER);
        }
        if (host.equals("api.deepseek.com")) {
            return Optional.of(DEEPSEEK);
        }
        if (host.equals("api.siliconflow.cn") || host.equals("api.siliconflow.com")) {
            return Optional.of(SILICONFLOW);
        }
        if (host.equals("api.moonshot.cn") || host.equals("api.moonshot.ai")) {
            return Optional.of(MOONSHOT);
        }
        return Optional.empty();
    }

    /** One request of a query: {@code name} is its answer's field when a query reads several. */
    public record Call(String name, URI uri, String method) {
    }

    /** What a preset asks, for a channel of {@code baseUrl}; empty for {@link #CUSTOM}. */
    List<Call> calls(String baseUrl) {
        var site = site(baseUrl);
        return switch (this) {
            case NEW_API -> {
                var v1 = openAiBase(baseUrl);
                yield List.of(new Call("subscription", URI.create(v1 + "/dashboard/billing/subscription"), "GET"),
                        new Call("usage", URI.create(v1 + "/dashboard/billing/usage"), "GET"));
            }
            case OPENROUTER -> List.of(new Call("credits", URI.create(site + "/api/v1/credits"), "GET"));
            case DEEPSEEK -> List.of(new Call("balance", URI.create(site + "/user/balance"), "GET"));
            case SILICONFLOW -> List.of(new Call("info", URI.create(site + "/v1/user/info"), "GET"));
            case MOONSHOT -> List.of(new Call("balance", URI.create(site + "/v1/users/me/balance"), "GET"));
            case CUSTOM -> List.of();
        };
    }

    /** The preset's own mapping, in the query language; every field may be overridden by the query. */
    BalanceQuery.Mapping mapping(String baseUrl) {
        var china = host(baseUrl) != null && host(baseUrl).endsWith(".cn");
        var local = china ? "'CNY'" : "'USD'";
        return switch (this) {
            case NEW_API -> new BalanceQuery.Mapping("$.subscription.hard_limit_usd - $.usage.total_usage / 100",
                    "$.subscription.hard_limit_usd", "'USD'", null);
            case OPENROUTER -> new BalanceQuery.Mapping("$.data.total_credits - $.data.total_usage",
                    "$.data.total_credits", "'USD'", null);
            case DEEPSEEK -> new BalanceQuery.Mapping("$.balance_infos[0].total_balance", null,
                    "$.balance_infos[0].currency", null);
            case SILICONFLOW -> new BalanceQuery.Mapping("$.data.totalBalance", null, local, null);
            case MOONSHOT -> new BalanceQuery.Mapping("$.data.available_balance", null, local, null);
            case CUSTOM -> new BalanceQuery.Mapping(null, null, null, null);
        };
    }

    static String host(String baseUrl) {
        try {
            var h = URI.create(baseUrl.strip()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** {@code scheme://host[:port]} of a base URL. */
    static String site(String baseUrl) {
        var u = URI.create(baseUrl.strip());
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /** The base URL ending in its OpenAI version segment: {@code …/v1} as given, else with {@code /v1} added. */
    static String openAiBase(String baseUrl) {
        var b = baseUrl.strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b.matches(".*/v\\d+$") ? b : b + "/v1";
    }
}
