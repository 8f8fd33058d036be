package dev.vlmconsole.api.services;

import java.math.BigDecimal;

/**
 * Requests made and credits consumed over some period.
 *
 * @param requests number of requests
 * @param credits  credits consumed (exact)
 */
public record UsageTotals(long requests, BigDecimal credits) {

    /** No usage. */
    public static final UsageTotals NONE = new UsageTotals(0, BigDecimal.ZERO);
}
