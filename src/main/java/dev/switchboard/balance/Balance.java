package dev.switchboard.balance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The last balance check of a channel: what it read, or why it read nothing. A failed check is an error with its
 * reason (redacted by the checker), never a zero: it is shown as an error and moves nothing in routing.
 *
 * @param remaining null exactly when {@code error} is set
 * @param total     null when the provider publishes none (or the query reads none)
 * @param unit      {@code USD}, {@code CNY}, … or null
 */
public record Balance(Instant checkedAt, BigDecimal remaining, BigDecimal total, String unit, Instant resetAt,
                      String error) {
    /** How a balance stands. */
    public enum Level { OK, LOW, EMPTY, ERROR }

    public static Balance read(Instant at, BalanceQuery.Reading r) {
        return new Balance(at, r.remaining(), r.total(), r.unit(), r.resetAt(), null);
    }

    public static Balance failed(Instant at, String error) {
        return new Balance(at, null, null, null, null, error);
    }

    public boolean failed() {
        return error != null;
    }

    /** Read, and at or below zero: the provider will refuse calls. */
    public boolean empty() {
        return !failed() && remaining.signum() <= 0;
    }

    /**
     * OK, LOW, EMPTY or ERROR. Empty is at or below zero. Low is below {@code low} ({@code 5}: an amount in the
     * balance's unit; {@code 10%}: of the total); without a per-channel threshold, below {@code defaultPercent} of
     * the total when the total is known, else below {@code defaultAmount}. A percentage with no total to take it of
     * falls back to {@code defaultAmount} too.
     */
    public Level level(String low, int defaultPercent, BigDecimal defaultAmount) {
        if (failed()) {
            return Level.ERROR;
        }
        if (empty()) {
            return Level.EMPTY;
        }
        BigDecimal threshold;
        var given = low == null ? null : BalanceQuery.low(low);
        boolean knownTotal = total != null && total.signum() > 0;
        if (given != null && !given.endsWith("%")) {
            threshold = new BigDecimal(given);
        } else {
            var percent = given != null ? new BigDecimal(given.substring(0, given.length() - 1))
                    : BigDecimal.valueOf(defaultPercent);
            threshold = knownTotal ? total.multiply(percent).movePointLeft(2) : defaultAmount;
        }
        return remaining.compareTo(threshold) < 0 ? Level.LOW : Level.OK;
    }

    /** {@code 74.50 USD}, {@code 74.50 of 100 USD}; the error when it failed. */
    public String text() {
        if (failed()) {
            return error;
        }
        var u = unit == null || unit.isBlank() ? "" : " " + unit;
        return amount(remaining) + (total == null ? "" : " of " + amount(total)) + u;
    }

    /** Two decimals from one cent up, more for smaller amounts (a balance of 0.004 is not 0.00). */
    public static String amount(BigDecimal v) {
        if (v.signum() != 0 && v.abs().compareTo(new BigDecimal("0.01")) < 0) {
            return v.round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return v.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
