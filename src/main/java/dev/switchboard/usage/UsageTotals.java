package dev.switchboard.usage;

/** All requests of a range together. */
public record UsageTotals(long requests, long successes, TokenSums tokens) {
    public static final UsageTotals NONE = new UsageTotals(0, 0, TokenSums.NONE);

    public long failures() {
        return requests - successes;
    }

    /** Successes per request, 0..1; null when there were no requests (no rate, rather than 0 % or 100 %). */
    public Double successRate() {
        return requests == 0 ? null : (double) successes / requests;
    }
}
