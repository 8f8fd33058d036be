package dev.vlmconsole.billing.caps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.billing.plans.Plan;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverageChargesTest {

    static final Plan TIERED = new Plan(
            Plan.ENTERPRISE,
            "Enterprise",
            TestPlans.usd("5000"),
            new BigDecimal("1000000"),
            TestPlans.usd("0.006"),
            List.of(
                    new Plan.Tier(new BigDecimal("1000"), TestPlans.usd("0.005")),
                    new Plan.Tier(new BigDecimal("5000"), TestPlans.usd("0.004"))),
            1000,
            Duration.ofMinutes(1));

    static BigDecimal charge(Plan plan, String credits) {
        return OverageCharges.of(plan, new BigDecimal(credits));
    }

    @Test
    void without_tiers_every_credit_costs_the_plan_price_exactly() {
        assertThat(charge(TestPlans.PAYG, "0")).isEqualByComparingTo("0");
        assertThat(charge(TestPlans.PAYG, "1234.567891")).isEqualByComparingTo("12.34567891");
        assertThat(charge(TestPlans.PRO, "12500")).isEqualByComparingTo("100");
    }

    @Test
    void tiers_are_graduated_each_credit_at_the_price_of_its_own_tier() {
        assertThat(charge(TIERED, "1000")).isEqualByComparingTo("6"); // 1000 × 0.006
        assertThat(charge(TIERED, "1001")).isEqualByComparingTo("6.005");
        assertThat(charge(TIERED, "5000")).isEqualByComparingTo("26"); // 6 + 4000 × 0.005
        assertThat(charge(TIERED, "10000")).isEqualByComparingTo("46"); // 26 + 5000 × 0.004
        assertThat(charge(TIERED, "0.5")).isEqualByComparingTo("0.003");
    }

    @Test
    void a_tier_from_zero_replaces_the_base_price() {
        Plan fromZero = new Plan(
                Plan.ENTERPRISE,
                "Enterprise",
                TestPlans.usd("0"),
                BigDecimal.ZERO,
                TestPlans.usd("0.01"),
                List.of(
                        new Plan.Tier(BigDecimal.ZERO, TestPlans.usd("0.002")),
                        new Plan.Tier(new BigDecimal("100"), TestPlans.usd("0.001"))),
                10,
                Duration.ofMinutes(1));
        assertThat(charge(fromZero, "150")).isEqualByComparingTo("0.25"); // 100 × 0.002 + 50 × 0.001
    }
}
