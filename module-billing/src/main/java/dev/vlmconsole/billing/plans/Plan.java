package dev.vlmconsole.billing.plans;

import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A plan as it applies to one workspace: Pay-as-you-go and Pro from configuration, Enterprise with
 * the terms operators set for the workspace (or the configured defaults).
 *
 * @param id             {@code payg}, {@code pro} or {@code enterprise}
 * @param name           shown to people
 * @param monthlyFee     fee per cycle (zero for Pay-as-you-go)
 * @param allowance      credits granted per cycle, expiring at its end (zero for Pay-as-you-go)
 * @param pricePerCredit price of a credit beyond the workspace's credits (overage; every used credit
 *                       beyond grants and top-ups for Pay-as-you-go)
 * @param tiers          volume tiers of the per-credit price (Enterprise), by ascending
 *                       {@link Tier#fromCredits()}; empty: {@code pricePerCredit} throughout
 * @param rateLimit      requests per {@code ratePeriod}
 * @param ratePeriod     rate-limit window
 */
public record Plan(
        String id,
        String name,
        Money monthlyFee,
        BigDecimal allowance,
        Money pricePerCredit,
        List<Tier> tiers,
        long rateLimit,
        Duration ratePeriod) {

    public static final String PAYG = "payg";
    public static final String PRO = "pro";
    public static final String ENTERPRISE = "enterprise";

    /** Every plan id, cheapest first: an upgrade moves right, a downgrade left. */
    public static final List<String> IDS = List.of(PAYG, PRO, ENTERPRISE);

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(monthlyFee, "monthlyFee");
        Objects.requireNonNull(allowance, "allowance");
        Objects.requireNonNull(pricePerCredit, "pricePerCredit");
        tiers = List.copyOf(tiers);
    }

    /**
     * A volume tier: from {@code fromCredits} overage credits in a cycle on, each credit costs
     * {@code pricePerCredit}.
     */
    public record Tier(BigDecimal fromCredits, Money pricePerCredit) {}

    /** Whether moving from this plan to {@code other} is an upgrade (takes effect at once). */
    public boolean isUpgradeTo(Plan other) {
        return IDS.indexOf(other.id) > IDS.indexOf(id);
    }
}
