package dev.switchboard.usage;

/**
 * One channel's or one model's share of a range.
 *
 * @param name           the channel or model; null for requests that reached none (no candidate, all failed)
 * @param requests       requests that ended here (the reply the client got came from here)
 * @param successes      of those, the successful ones
 * @param tokens         the tokens of those requests
 * @param avgTtfbMs      mean time to first byte of the successful ones; null when none
 * @param avgTotalMs     mean total time of the successful ones; null when none (failures are fast or slow for
 *                       reasons of their own and would blur what a working channel costs)
 * @param attempts       tries of this channel or model, including those of requests that then moved on
 * @param failedAttempts of those, the ones that did not succeed
 */
public record UsageBreakdown(String name, long requests, long successes, TokenSums tokens, Double avgTtfbMs,
                             Double avgTotalMs, long attempts, long failedAttempts) {
    public Double successRate() {
        return requests == 0 ? null : (double) successes / requests;
    }
}
