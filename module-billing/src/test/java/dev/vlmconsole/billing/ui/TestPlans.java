package dev.vlmconsole.billing.ui;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.plans.Plan;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;

/** Test only: the three plans with the seed's defaults, as a PlanCatalog would answer them. */
final class TestPlans {

    static final Currency USD = Currency.getInstance("USD");

    static final Plan PAYG = new Plan(
            Plan.PAYG, "Pay-as-you-go", usd("0"), BigDecimal.ZERO, usd("0.01"), List.of(), 10, Duration.ofMinutes(1));
    static final Plan PRO = new Plan(
            Plan.PRO, "Pro", usd("799"), new BigDecimal("100000"), usd("0.008"), List.of(), 100, Duration.ofMinutes(1));
    static final Plan ENTERPRISE = new Plan(
            Plan.ENTERPRISE,
            "Enterprise",
            usd("5000"),
            new BigDecimal("1000000"),
            usd("0.006"),
            List.of(new Plan.Tier(new BigDecimal("5000000"), usd("0.004"))),
            1000,
            Duration.ofMinutes(1));
    static final List<Plan> ALL = List.of(PAYG, PRO, ENTERPRISE);

    private TestPlans() {}

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    static Plan byId(String id) {
        return ALL.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }
}
