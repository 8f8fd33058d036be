package dev.vlmconsole.billing.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A workspace's credits now, as the cached balance row holds them (changed in the same transaction
 * as the ledger entries it sums). Exact: credits carry up to 6 fractional digits.
 *
 * @param allowance     allowance left in the current cycle (expires at its end)
 * @param grants        granted credits left (sign-up grant, operator grants), by soonest expiry
 * @param topUps        top-up credits left (never expire)
 * @param cycleStart    first day of the current cycle
 * @param cycleUsage    credits used in the current cycle (all of them, overage included)
 * @param cycleOverage  credits used in the current cycle beyond every credit the workspace had: billed
 *                      at the plan's price
 */
public record Balance(
        BigDecimal allowance,
        BigDecimal grants,
        BigDecimal topUps,
        LocalDate cycleStart,
        BigDecimal cycleUsage,
        BigDecimal cycleOverage) {

    public Balance {
        Objects.requireNonNull(allowance, "allowance");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(topUps, "topUps");
        Objects.requireNonNull(cycleStart, "cycleStart");
        Objects.requireNonNull(cycleUsage, "cycleUsage");
        Objects.requireNonNull(cycleOverage, "cycleOverage");
    }

    /** What can be used before usage becomes overage. */
    public BigDecimal available() {
        return allowance.add(grants).add(topUps);
    }
}
