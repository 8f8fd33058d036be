package dev.vlmconsole.billing.caps;

/**
 * A workspace's entitlements could not be confirmed: the change feed is interrupted for longer than
 * cached entitlements may be served, and reading them from the database failed or took too long.
 * Verification answers {@code 503} (try again), never a stale "has credits".
 */
public class EntitlementsUnavailableException extends RuntimeException {

    public EntitlementsUnavailableException(Throwable cause) {
        super("Billing entitlements cannot be confirmed now", cause);
    }
}
