package dev.vlmconsole.billing.plans;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.BillingProperties;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * The plans of {@code console.billing.*}: Pay-as-you-go and Pro as configured, Enterprise with a
 * workspace's own {@link EnterpriseTerms} or the configured defaults.
 */
public final class ConfiguredPlanCatalog implements PlanCatalog {

    private final BillingProperties settings;
    private final EnterpriseTerms enterpriseTerms;

    public ConfiguredPlanCatalog(BillingProperties settings, EnterpriseTerms enterpriseTerms) {
        this.settings = settings;
        this.enterpriseTerms = enterpriseTerms;
    }

    @Override
    public List<Plan> plans() {
        return List.of(payg(), pro(), enterpriseDefaults());
    }

    @Override
    public Plan plan(String planId, UUID workspaceId) {
        return switch (planId == null ? "" : planId) {
            case Plan.PAYG -> payg();
            case Plan.PRO -> pro();
            case Plan.ENTERPRISE ->
                enterpriseTerms.termsOf(workspaceId).map(this::enterprise).orElseGet(this::enterpriseDefaults);
            default -> throw InvalidInputException.of("plan", "Choose one of the plans: payg, pro or enterprise.");
        };
    }

    private Plan payg() {
        BillingProperties.Payg p = settings.payg();
        return new Plan(
                Plan.PAYG,
                "Pay-as-you-go",
                money(BigDecimal.ZERO),
                BigDecimal.ZERO,
                money(p.pricePerCredit()),
                List.of(),
                p.rateLimit(),
                p.ratePeriod());
    }

    private Plan pro() {
        BillingProperties.Pro p = settings.pro();
        return new Plan(
                Plan.PRO,
                "Pro",
                money(p.monthlyFee()),
                p.allowance(),
                money(p.overagePrice()),
                List.of(),
                p.rateLimit(),
                p.ratePeriod());
    }

    private Plan enterpriseDefaults() {
        BillingProperties.Enterprise e = settings.enterprise();
        return new Plan(
                Plan.ENTERPRISE,
                "Enterprise",
                money(e.monthlyFee()),
                e.allowance(),
                money(e.pricePerCredit()),
                List.of(),
                e.rateLimit(),
                e.ratePeriod());
    }

    private Plan enterprise(EnterpriseTerms.Terms t) {
        return new Plan(
                Plan.ENTERPRISE,
                "Enterprise",
                money(t.monthlyFee()),
                t.allowance(),
                money(t.pricePerCredit()),
                t.tiers().stream()
                        .map(tier -> new Plan.Tier(tier.fromCredits(), money(tier.pricePerCredit())))
                        .toList(),
                t.rateLimit(),
                t.ratePeriod());
    }

    private Money money(BigDecimal amount) {
        return new Money(amount, currency());
    }

    private Currency currency() {
        return settings.currency();
    }
}
