package dev.vlmconsole.keys.verify;

/**
 * A rate-limit window as answered to the gateway.
 *
 * @param limit     requests allowed per window
 * @param remaining requests left in the current window
 * @param reset     when the window refills, epoch milliseconds
 */
public record RateLimitStatus(long limit, long remaining, long reset) {}
