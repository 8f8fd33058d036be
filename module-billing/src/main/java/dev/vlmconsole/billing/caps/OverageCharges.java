package dev.vlmconsole.billing.caps;

import dev.vlmconsole.billing.plans.Plan;
import java.math.BigDecimal;

/**
 * What a cycle's overage credits cost on a plan, exactly (no rounding: the invoice rounds what it
 * charges). Tiers are graduated, as {@link Plan.Tier} says: credits below the first tier cost the
 * plan's {@link Plan#pricePerCredit()}, and from each tier's {@link Plan.Tier#fromCredits()} on each
 * credit costs that tier's price.
 */
public final class OverageCharges {

    private OverageCharges() {}

    /** The charge for {@code overageCredits} credits of overage in one cycle, in the plan's currency. */
    public static BigDecimal of(Plan plan, BigDecimal overageCredits) {
        if (overageCredits.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal from = BigDecimal.ZERO;
        BigDecimal price = plan.pricePerCredit().amount();
        for (Plan.Tier tier : plan.tiers()) {
            if (tier.fromCredits().compareTo(overageCredits) >= 0) {
                break;
            }
            if (tier.fromCredits().compareTo(from) > 0) {
                total = total.add(tier.fromCredits().subtract(from).multiply(price));
                from = tier.fromCredits();
            }
            price = tier.pricePerCredit().amount();
        }
        return total.add(overageCredits.subtract(from).multiply(price));
    }
}
