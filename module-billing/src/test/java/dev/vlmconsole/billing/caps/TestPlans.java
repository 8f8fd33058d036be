package dev.vlmconsole.billing.caps;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlanCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's plans (Pay-as-you-go $0.01 a credit, 10 a minute; Pro $799, 100,000 credits, $0.008
 * overage, 100 a minute; Enterprise defaults), with Enterprise terms a test sets per workspace.
 */
final class TestPlans implements PlanCatalog {

    static final Currency USD = Currency.getInstance("USD");

    static final Plan PAYG = new Plan(
            Plan.PAYG,
            "Pay-as-you-go",
            Money.zero(USD),
            BigDecimal.ZERO,
            usd("0.01"),
            List.of(),
            10,
            Duration.ofMinutes(1));
    static final Plan PRO = new Plan(
            Plan.PRO, "Pro", usd("799"), new BigDecimal("100000"), usd("0.008"), List.of(), 100, Duration.ofMinutes(1));
    static final Plan ENTERPRISE = new Plan(
            Plan.ENTERPRISE,
            "Enterprise",
            usd("5000"),
            new BigDecimal("1000000"),
            usd("0.006"),
            List.of(),
            1000,
            Duration.ofMinutes(1));

    private final Map<UUID, Plan> enterprise = new ConcurrentHashMap<>();

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    /** Sets a workspace's Enterprise terms, as operators would. */
    void enterprise(UUID workspaceId, Plan terms) {
        enterprise.put(workspaceId, terms);
    }

    @Override
    public List<Plan> plans() {
        return List.of(PAYG, PRO, ENTERPRISE);
    }

    @Override
    public Plan plan(String planId, UUID workspaceId) {
        return switch (planId) {
            case Plan.PAYG -> PAYG;
            case Plan.PRO -> PRO;
            case Plan.ENTERPRISE -> enterprise.getOrDefault(workspaceId, ENTERPRISE);
            default -> throw new IllegalArgumentException("No plan " + planId);
        };
    }
}
