package dev.switchboard.metrics;

import java.util.List;

/**
 * The upstream balances known right now, one per channel (and unit), for {@code switchboard_upstream_balance} and
 * {@code switchboard_upstream_balance_limit}. Switchboard's balance feature is the source; it is wired where the
 * gateway is started ({@code service.Switchboard}), and until it is, {@link #NONE} stands in: no balance series at
 * all, rather than a made-up zero that would fire a "balance empty" alert.
 *
 * <p>Called on the scraping thread at each scrape: it must answer from memory (the balances last fetched), never by
 * asking an upstream, so that a scrape stays as cheap as the gateway's other in-memory reads.
 */
@FunctionalInterface
public interface BalanceSource {
    /** No balance is known: nothing is exported. */
    BalanceSource NONE = List::of;

    /** The balances known now; an empty list when none. Channels whose balance is unknown are left out. */
    List<Balance> balances();

    /**
     * One channel's balance.
     *
     * @param channel   the channel's name, as configured (a label: bounded by the channels there are)
     * @param remaining what is left, in {@code unit}; null when unknown, and then nothing of this balance is exported
     * @param total     the grant or limit it is a part of, in {@code unit}; null when the upstream does not say
     * @param unit      what the numbers count ({@code USD}, {@code CNY}, {@code tokens}, …); null or empty when unsaid
     * @param state     the balance feature's own word for how it stands; kept for whoever reads this interface, not
     *                  exported: its values are the balance feature's to define
     */
    record Balance(String channel, Double remaining, Double total, String unit, String state) {
    }
}
