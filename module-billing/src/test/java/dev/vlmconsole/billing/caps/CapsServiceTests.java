package dev.vlmconsole.billing.caps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caps on a real database: hard and soft limits, a limit of 0, tiers, per-key budgets, what is
 * published, and the alert emails once per threshold per cycle. Runs on H2
 * ({@link CapsServiceOnH2Test}) and PostgreSQL ({@link CapsServiceOnPostgresTest}).
 */
abstract class CapsServiceTests {

    CapsFixture f;
    TestWorkspace workspace;
    UUID ws;
    TestPerson owner;
    TestPerson billing;
    TestPerson admin;

    abstract ModuleDatabase database();

    @BeforeEach
    void setUp() {
        f = new CapsFixture(database());
        workspace = f.members.newWorkspace("Acme <Labs>");
        ws = workspace.id();
        owner = f.members.newMember(workspace, Role.OWNER);
        billing = f.members.newMember(workspace, Role.BILLING);
        admin = f.members.newMember(workspace, Role.ADMIN);
        f.members.newMember(workspace, Role.MEMBER);
        f.account(ws, Plan.PAYG);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void a_hard_limit_blocks_once_overage_charges_reach_it_and_tells_every_node_once() {
        f.change(ws, () -> f.limit(ws, "10", true));
        f.change(ws, () -> f.balance(ws, "0", "999.99")); // $9.9999 of overage
        assertThat(f.blocked(ws)).isFalse();
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isTrue();
        assertThat(f.published(ws)).isZero();

        f.change(ws, () -> f.balance(ws, "0", "1000")); // $10.00
        assertThat(f.blocked(ws)).isTrue();
        assertThat(f.published(ws)).isEqualTo(1);
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isFalse();
        assertThat(f.cache.entitlementsOf(ws, UUID.randomUUID()).hasCredits()).isFalse();

        f.change(ws, () -> f.balance(ws, "0", "1500")); // usage after the cap is still recorded
        assertThat(f.published(ws)).as("nothing changed: nothing published").isEqualTo(1);
        assertThat(f.blocked(ws)).isTrue();
    }

    @Test
    void a_top_up_or_a_raised_limit_lifts_the_block() {
        f.change(ws, () -> {
            f.limit(ws, "10", true);
            f.balance(ws, "0", "1000");
        });
        assertThat(f.blocked(ws)).isTrue();
        f.change(ws, () -> f.balance(ws, "500", "1000"));
        assertThat(f.blocked(ws))
                .as("its credits are used before any further overage")
                .isFalse();
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isTrue();
        f.change(ws, () -> f.balance(ws, "0", "1000"));
        assertThat(f.blocked(ws)).isTrue();
        f.change(ws, () -> f.limit(ws, "20", true));
        assertThat(f.blocked(ws)).isFalse();
        assertThat(f.published(ws)).isEqualTo(4);
    }

    @Test
    void a_soft_limit_or_none_never_blocks() {
        f.change(ws, () -> {
            f.limit(ws, "10", false);
            f.balance(ws, "0", "5000");
        });
        assertThat(f.blocked(ws)).isFalse();
        f.change(ws, () -> f.limit(ws, null, true));
        assertThat(f.blocked(ws)).isFalse();
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isTrue();
        assertThat(f.published(ws)).isZero();
    }

    @Test
    void a_hard_limit_of_zero_blocks_as_soon_as_the_credits_are_gone() {
        f.change(ws, () -> {
            f.limit(ws, "0", true);
            f.balance(ws, "100", "0");
        });
        assertThat(f.blocked(ws)).as("credits left").isFalse();
        f.change(ws, () -> f.balance(ws, "0", "0"));
        assertThat(f.blocked(ws))
                .as("no credits, no overage yet: the next call would be overage")
                .isTrue();
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isFalse();
        assertThat(f.mail.sent()).as("no percentages of nothing").isEmpty();
    }

    @Test
    void tiers_of_an_enterprise_plan_price_the_overage_towards_the_limit() {
        f.plans.enterprise(ws, OverageChargesTest.TIERED);
        f.change(ws, () -> {
            f.plan(ws, Plan.ENTERPRISE);
            f.limit(ws, "26", true);
            f.balance(ws, "0", "4999"); // 6 + 3999 × 0.005 = 25.995
        });
        assertThat(f.blocked(ws)).isFalse();
        assertThat(f.cache.entitlementsOf(ws).planId()).isEqualTo(Plan.ENTERPRISE);
        assertThat(f.cache.entitlementsOf(ws).requestsAllowed()).isEqualTo(1000);
        f.change(ws, () -> f.balance(ws, "0", "5000")); // 26
        assertThat(f.blocked(ws)).isTrue();
    }

    @Test
    void a_plan_change_reaches_the_entitlements_though_nothing_was_blocked() {
        assertThat(f.cache.entitlementsOf(ws).requestsAllowed()).isEqualTo(10);
        f.change(ws, () -> f.plan(ws, Plan.PRO));
        assertThat(f.published(ws)).isEqualTo(1);
        Entitlements pro = f.cache.entitlementsOf(ws);
        assertThat(pro.planId()).isEqualTo(Plan.PRO);
        assertThat(pro.requestsAllowed()).isEqualTo(100);
        assertThat(pro.hasCredits()).isTrue();
        f.change(ws, () -> {});
        assertThat(f.published(ws)).as("this node already serves it").isEqualTo(1);
    }

    @Test
    void a_rolled_back_change_stores_and_publishes_nothing() {
        f.change(ws, () -> f.limit(ws, "10", true));
        f.database.tx().executeWithoutResult(s -> {
            f.balance(ws, "0", "2000");
            f.caps.afterChange(ws, List.of());
            s.setRollbackOnly();
        });
        f.cache.awaitIdle(Duration.ofSeconds(5));
        assertThat(f.blocked(ws)).isFalse();
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isTrue();
        assertThat(f.mail.sent()).isEmpty();
    }

    @Test
    void a_key_that_spent_its_budget_this_cycle_is_exhausted_and_its_siblings_are_not() {
        UUID spender = UUID.randomUUID();
        UUID sibling = UUID.randomUUID();
        f.budget(ws, spender, "100");
        f.budget(ws, sibling, "100");
        f.used(ws, spender, LocalDate.parse("2026-10-31"), "500"); // last cycle's
        f.change(ws, List.of(spender), () -> f.used(ws, spender, LocalDate.parse("2026-11-02"), "60"));
        assertThat(f.cache.entitlementsOf(ws, spender).hasCredits()).isTrue();
        assertThat(f.published(ws)).isZero();

        f.change(ws, List.of(spender, sibling), () -> {
            f.used(ws, spender, LocalDate.parse("2026-11-15"), "40");
            f.used(ws, sibling, LocalDate.parse("2026-11-15"), "99.999999");
        });
        assertThat(f.cache.entitlementsOf(ws, spender).hasCredits()).isFalse();
        assertThat(f.cache.entitlementsOf(ws, spender).planId()).isEqualTo(Plan.PAYG);
        assertThat(f.cache.entitlementsOf(ws, sibling).hasCredits()).isTrue();
        assertThat(f.cache.entitlementsOf(ws).hasCredits())
                .as("the workspace has credits")
                .isTrue();
        assertThat(f.published(ws)).isEqualTo(1);

        // the next cycle: the cycle close recomputes every budget of the workspace (no keys named)
        f.change(ws, () -> f.newCycle(ws, LocalDate.parse("2026-12-01"), LocalDate.parse("2027-01-01")));
        assertThat(f.cache.entitlementsOf(ws, spender).hasCredits()).isTrue();
    }

    @Test
    void a_removed_budget_frees_its_key_on_every_node() {
        UUID named = UUID.randomUUID();
        UUID unnamed = UUID.randomUUID();
        f.budget(ws, named, "1");
        f.budget(ws, unnamed, "1");
        f.change(ws, List.of(named, unnamed), () -> {
            f.used(ws, named, LocalDate.parse("2026-11-03"), "1");
            f.used(ws, unnamed, LocalDate.parse("2026-11-03"), "1");
        });
        assertThat(f.cache.entitlementsOf(ws, named).hasCredits()).isFalse();
        assertThat(f.cache.entitlementsOf(ws, unnamed).hasCredits()).isFalse();
        long before = f.published(ws);

        f.change(ws, List.of(named), () -> f.removeBudget(named));
        assertThat(f.published(ws)).isEqualTo(before + 1);
        assertThat(f.cache.entitlementsOf(ws, named).hasCredits()).isTrue();

        f.change(ws, () -> f.removeBudget(unnamed)); // no key named: every budget is looked at
        assertThat(f.published(ws)).isEqualTo(before + 2);
        assertThat(f.cache.entitlementsOf(ws, unnamed).hasCredits()).isTrue();
    }

    @Test
    void a_budget_of_another_workspace_is_not_touched() {
        UUID other = UUID.randomUUID();
        UUID theirKey = UUID.randomUUID();
        f.account(other, Plan.PAYG);
        f.budget(other, theirKey, "1");
        f.used(other, theirKey, LocalDate.parse("2026-11-15"), "5");
        f.change(ws, List.of(theirKey), () -> {});
        assertThat(f.cache.entitlementsOf(other, theirKey).hasCredits()).isTrue();
        f.change(other, List.of(theirKey), () -> {});
        assertThat(f.cache.entitlementsOf(other, theirKey).hasCredits()).isFalse();
    }

    @Test
    void owners_and_billing_members_are_emailed_once_per_threshold_per_cycle() {
        f.change(ws, () -> f.limit(ws, "100", false));
        f.change(ws, () -> f.balance(ws, "0", "4999")); // $49.99
        assertThat(f.mail.sent()).isEmpty();

        f.change(ws, () -> f.balance(ws, "0", "5000")); // $50.00
        assertThat(f.mail.sent()).extracting(MailMessage::to).containsExactlyInAnyOrder(owner.email(), billing.email());
        MailMessage first = f.mail.sent().getFirst();
        assertThat(first.subject()).isEqualTo("Acme <Labs>: 50% of the monthly spending limit reached");
        assertThat(first.kind()).isEqualTo(AlertMail.KIND);
        assertThat(first.text())
                .contains("50.00 USD, 50% of its monthly spending limit of 100.00 USD")
                .contains(CapsFixture.PUBLIC_URL + "/billing")
                .contains("not hard");
        assertThat(first.html())
                .contains("Acme &lt;Labs&gt;")
                .contains("href=\"" + CapsFixture.PUBLIC_URL + "/billing\"");

        f.change(ws, () -> f.balance(ws, "0", "6000"));
        assertThat(f.mail.sent()).as("50% was sent this cycle").hasSize(2);

        f.change(ws, () -> f.balance(ws, "0", "20000")); // 80% and 100% at once: one email about 100%
        assertThat(f.mail.sent()).hasSize(4);
        assertThat(f.mail.sent().get(2).subject()).contains("100%");
        f.change(ws, () -> f.balance(ws, "0", "30000"));
        assertThat(f.mail.sent()).hasSize(4);
        assertThat(f.mail.sent()).extracting(MailMessage::to).doesNotContain(admin.email());

        f.change(ws, () -> f.newCycle(ws, LocalDate.parse("2026-12-01"), LocalDate.parse("2027-01-01")));
        f.change(ws, () -> f.balance(ws, "0", "5000"));
        assertThat(f.mail.sent()).as("a new cycle, the alerts again").hasSize(6);
    }

    @Test
    void a_hard_limit_reached_says_calls_are_refused() {
        f.change(ws, () -> {
            f.limit(ws, "10", true);
            f.thresholds(ws, "100");
            f.balance(ws, "0", "1000");
        });
        assertThat(f.mail.sent()).hasSize(2);
        assertThat(f.mail.sent().getFirst().text())
                .contains("refused (INSUFFICIENT_CREDITS) until the cycle ends on 2026-12-01");
    }

    @Test
    void an_alert_in_a_rolled_back_transaction_is_sent_by_the_next_change() {
        f.change(ws, () -> f.limit(ws, "100", false));
        f.database.tx().executeWithoutResult(s -> {
            f.balance(ws, "0", "5000");
            f.caps.afterChange(ws, List.of());
            s.setRollbackOnly();
        });
        assertThat(f.mail.sent()).isEmpty();
        f.change(ws, () -> f.balance(ws, "0", "5000"));
        assertThat(f.mail.sent()).hasSize(2);
    }

    @Test
    void without_a_mail_server_the_threshold_is_recorded_and_nothing_fails() {
        f.mail.setConfigured(false);
        f.change(ws, () -> f.limit(ws, "100", true));
        f.change(ws, () -> f.balance(ws, "0", "10000"));
        assertThat(f.blocked(ws)).isTrue();
        f.mail.setConfigured(true);
        f.change(ws, () -> f.balance(ws, "0", "10001"));
        assertThat(f.mail.sent())
                .as("each threshold is told once, or not at all")
                .isEmpty();
    }

    @Test
    void the_thresholds_are_the_accounts_own() {
        f.change(ws, () -> {
            f.limit(ws, "100", false);
            f.thresholds(ws, "25, 90");
            f.balance(ws, "0", "2500");
        });
        assertThat(f.mail.sent()).hasSize(2);
        assertThat(f.mail.sent().getFirst().subject()).contains("25%");
        assertThat(CapsService.thresholds("50,x,-1, 80")).containsExactly(50, 80);
        assertThat(CapsService.isBlocked(new BigDecimal("5"), true, BigDecimal.ONE, new BigDecimal("9")))
                .as("credits left")
                .isFalse();
    }
}
