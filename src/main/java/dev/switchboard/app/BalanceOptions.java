package dev.switchboard.app;

import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The balance query's options of {@code channels add} and {@code channels edit}: a preset, or a custom endpoint and
 * its mapping ({@link BalanceQuery}); on {@code edit}, only the options given change.
 */
final class BalanceOptions {
    @Option(names = "--balance", paramLabel = "PRESET", description = "Balance query: auto (from the URL), new-api"
            + " (also one-api), openrouter, deepseek, siliconflow, moonshot, custom, or none. `channels add` picks"
            + " the preset of a known URL by itself.")
    String preset;

    @Option(names = "--balance-url", paramLabel = "URL",
            description = "Custom balance endpoint: a full URL, or a path from the base URL's site (/user/balance).")
    String url;

    @Option(names = "--balance-method", paramLabel = "GET|POST", description = "Custom balance endpoint's method.")
    String method;

    @Option(names = "--balance-header", paramLabel = "'NAME: VALUE'", description = "Header of the balance request,"
            + " replacing the default auth ({key} stands for the channel's key); 'NAME:' with no value removes it;"
            + " repeatable.")
    List<String> headers;

    @Option(names = "--balance-remaining", paramLabel = "EXPR",
            description = "Where the remaining balance is, e.g. '$.data.total - $.data.used' (paths with + - * /).")
    String remaining;

    @Option(names = "--balance-total", paramLabel = "EXPR", description = "Where the total is, if published.")
    String total;

    @Option(names = "--balance-unit", paramLabel = "UNIT", description = "The unit: a word (USD) or a path ($…).")
    String unit;

    @Option(names = "--balance-reset-at", paramLabel = "EXPR",
            description = "When the quota resets: a path to epoch seconds or an ISO-8601 time.")
    String resetAt;

    @Option(names = "--balance-low", paramLabel = "AMOUNT|PCT%",
            description = "Below this the balance is low: an amount (5) or a percentage of the total (10%%).")
    String low;

    /** The change the options ask for; null when none was given. */
    BalanceQuery.Edit edit() {
        if (preset != null && preset.strip().equalsIgnoreCase("none")) {
            if (url != null || method != null || headers != null || remaining != null || total != null
                    || unit != null || resetAt != null || low != null) {
                throw new Main.UsageException("--balance none removes the balance query; give no other --balance-…"
                        + " option with it.");
            }
            return BalanceQuery.Edit.removing();
        }
        if (preset != null && !preset.strip().equalsIgnoreCase("auto")) {
            try {
                BalancePreset.of(preset);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException("--balance: " + e.getMessage() + " Or auto, or none.");
            }
        }
        var h = new LinkedHashMap<String, String>();
        ChannelsCommand.parseHeaders(headers).forEach((k, v) -> h.put(k, v.isEmpty() ? null : v));
        var edit = new BalanceQuery.Edit(false, preset, url, method, h,
                new BalanceQuery.Mapping(remaining, total, unit, resetAt), low);
        return edit.isEmpty() ? null : edit;
    }
}
