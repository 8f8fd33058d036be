package dev.vlmconsole.billing.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans, plan changes, limits and budgets on a real database with the real ledger. */
abstract class SubscriptionsTests {

    BillingFixture f;

    abstract ModuleDatabase database();

    @BeforeEach
    void setUp() {
        f = new BillingFixture(database(), Instant.parse("2026-11-01T08:00:00Z"));
        f.subscriptions.account(); // the account opens on the 1st: a full 30-day cycle
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    @Test
    void aNewWorkspaceIsOnPayAsYouGoForTheCalendarMonth() {
        Subscriptions.Account a = f.subscriptions.account();
        assertThat(a.plan().id()).isEqualTo(Plan.PAYG);
        assertThat(a.scheduledPlan()).isNull();
        assertThat(a.cycleStart()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(a.cycleEnd()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(a.upcomingInvoice()).isEqualTo(usd("0"));
        assertThat(a.limit()).isNull();
        assertThat(a.alertThresholds()).containsExactly(50, 80, 100);
        assertThat(a.blocked()).isFalse();
    }

    @Test
    void theCatalogHasTheSeedsDefaults() {
        List<Plan> plans = f.catalog.plans();
        assertThat(plans).extracting(Plan::id).containsExactly("payg", "pro", "enterprise");
        assertThat(plans.get(0).pricePerCredit()).isEqualTo(usd("0.01"));
        assertThat(plans.get(0).rateLimit()).isEqualTo(10);
        assertThat(plans.get(1).monthlyFee()).isEqualTo(usd("799"));
        assertThat(plans.get(1).allowance()).isEqualByComparingTo("100000");
        assertThat(plans.get(1).rateLimit()).isEqualTo(100);
        assertThatThrownBy(() -> f.catalog.plan("gold", f.ws())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anUpgradeOnDay16OfA30DayMonthChargesHalfTheFeeAndGrantsHalfTheAllowance() {
        f.at("2026-11-16T10:00:00Z");
        Subscriptions.Quote pro = f.subscriptions.quotes().get(1);
        assertThat(pro.upgrade()).isTrue();
        assertThat(pro.effective()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(pro.proratedFee()).isEqualTo(usd("399.50"));
        assertThat(pro.proratedAllowance()).isEqualByComparingTo("50000");

        f.caps.clear();
        Subscriptions.Account a = f.subscriptions.changePlan("pro");

        assertThat(a.plan().id()).isEqualTo(Plan.PRO);
        assertThat(a.plan().rateLimit()).isEqualTo(100);
        assertThat(a.balance().allowance()).isEqualByComparingTo("50000");
        assertThat(a.upcomingInvoice()).isEqualTo(usd("399.50"));
        Ledger.Entry grant = f.ledger
                .byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-11-01:pro")
                .orElseThrow();
        assertThat(grant.credits()).isEqualByComparingTo("50000");
        AuditEntry audited = f.audit.last();
        assertThat(audited.action()).isEqualTo("billing.plan.upgraded");
        assertThat(audited.subject()).isEqualTo(AuditTarget.workspace(f.ws(), "Acme"));
        assertThat(audited.details()).contains("399.50 USD", "50,000 credits", "15 of 30 days");
        assertThat(f.caps.calls()).containsExactly(new RecordingCaps.Call(f.ws(), Set.of(), true));
        assertThat(f.ledger.balance(f.ws())).isEqualTo(f.ledger.derivedBalance(f.ws()));
    }

    @Test
    void anUpgradeInA31DayMonthIsProRatedByItsDays() {
        f.at("2026-12-16T00:00:00Z"); // the November cycle is not closed here; a December account is needed
        TestWorkspace december = f.members.newWorkspace("December");
        TestPerson owner = f.members.newMember(december, Role.OWNER);
        f.people.signIn(owner, december);
        f.at("2026-12-16T00:00:00Z");
        // its account opens on the 16th: a partial first cycle of 16 days out of 31
        Subscriptions.Account a = f.subscriptions.changePlan("pro");
        assertThat(a.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 16));
        // 799 × 16 / 31 = 412.3870… → 412.39; 100,000 × 16 / 31 = 51,612.903225…
        assertThat(a.upcomingInvoice()).isEqualTo(usd("412.39"));
        assertThat(a.balance().allowance()).isEqualByComparingTo("51612.903226");
    }

    @Test
    void aFirstPartialCycleProRatesByTheDaysOfItsMonth() {
        TestWorkspace late = f.members.newWorkspace("Late");
        TestPerson owner = f.members.newMember(late, Role.OWNER);
        f.people.signIn(owner, late);
        f.at("2026-11-20T09:00:00Z");
        f.subscriptions.account(); // opens 20 November
        f.at("2026-11-25T09:00:00Z");
        Subscriptions.Account a = f.subscriptions.changePlan("pro");
        // 25–30 November: 6 of 30 days
        assertThat(a.upcomingInvoice()).isEqualTo(usd("159.80"));
        assertThat(a.balance().allowance()).isEqualByComparingTo("20000");
    }

    @Test
    void overageIsPricedAtThePlanOfThePeriodItHappenedIn() {
        f.at("2026-11-16T09:59:59Z");
        f.usage(f.ws(), "100"); // payg, an instant before the upgrade: 100 credits of overage at 0.01
        f.at("2026-11-16T10:00:00Z");
        f.subscriptions.changePlan("pro");
        f.usage(f.ws(), "50500"); // pro: 50,000 from the allowance, 500 overage at 0.008
        Subscriptions.Account a = f.subscriptions.account();
        assertThat(a.balance().cycleOverage()).isEqualByComparingTo("600");
        assertThat(a.overageCharges()).isEqualTo(usd("5.00")); // 1.00 + 4.00
        assertThat(a.upcomingInvoice()).isEqualTo(usd("404.50")); // 399.50 + 5.00
        CycleCharges.Charges c = f.charges.of(f.ws(), a.cycleStart(), a.cycleEnd(), Plan.PRO, a.balance());
        assertThat(c.lines())
                .extracting(l -> l.description() + " = " + l.amount())
                .containsExactly(
                        "Pro, 16\u201330 November 2026 = 399.50 USD",
                        "Usage, Pay-as-you-go: 100 credits = 1.00 USD",
                        "Overage, Pro: 500 credits = 4.00 USD");
    }

    @Test
    void theUpcomingInvoiceCarriesTheWorkspacesTaxRate() {
        f.usage(f.ws(), "1234.5"); // 12.345 → 12.34 (half-even)
        f.taxRate(f.ws(), "20");
        Subscriptions.Account a = f.subscriptions.account();
        assertThat(a.overageCharges()).isEqualTo(usd("12.34"));
        assertThat(a.upcomingInvoice()).isEqualTo(usd("14.81")); // 12.34 + 2.468 → 2.47
    }

    @Test
    void aDowngradeIsScheduledForTheCycleEndAndCanBeCancelled() {
        f.at("2026-11-16T10:00:00Z");
        f.subscriptions.changePlan("pro");
        f.caps.clear();

        Subscriptions.Account a = f.subscriptions.changePlan("payg");
        assertThat(a.plan().id()).isEqualTo(Plan.PRO);
        assertThat(a.scheduledPlan().id()).isEqualTo(Plan.PAYG);
        assertThat(f.audit.last().action()).isEqualTo("billing.plan.change_scheduled");
        assertThat(f.audit.last().details()).contains("on 2026-12-01");
        assertThat(f.subscriptions.quotes().get(0).effective()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(f.caps.calls()).hasSize(1);

        a = f.subscriptions.cancelScheduledChange();
        assertThat(a.scheduledPlan()).isNull();
        assertThat(a.plan().id()).isEqualTo(Plan.PRO);
        assertThat(f.audit.last().action()).isEqualTo("billing.plan.change_cancelled");

        int entries = f.audit.entries().size();
        f.subscriptions.cancelScheduledChange(); // nothing to cancel: nothing changes
        assertThat(f.audit.entries()).hasSize(entries);
    }

    @Test
    void aLaterDowngradeReplacesTheScheduledOne() {
        f.at("2026-11-05T10:00:00Z");
        f.people.signIn(f.members.newOperator());
        f.subscriptions.moveToEnterprise(f.ws(), "Contract 3");
        f.actAs(f.owner);

        f.subscriptions.changePlan("pro");
        Subscriptions.Account a = f.subscriptions.changePlan("payg");
        assertThat(a.plan().id()).isEqualTo(Plan.ENTERPRISE);
        assertThat(a.scheduledPlan().id()).isEqualTo(Plan.PAYG);
        assertThat(f.audit.last().details())
                .isEqualTo("From Enterprise to Pay-as-you-go on 2026-12-01 (instead of Pro).");
        // 5–30 November on Enterprise's defaults: 5000 × 26 / 30
        assertThat(a.upcomingInvoice()).isEqualTo(usd("4333.33"));
        assertThat(a.balance().allowance()).isEqualByComparingTo("866666.666667");
    }

    @Test
    void enterpriseGoesThroughSalesAndOtherWrongPlansAreRefused() {
        assertThatThrownBy(() -> f.subscriptions.changePlan("enterprise"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("plan");
                    assertThat(e.getMessage()).contains("Contact sales");
                });
        assertThatThrownBy(() -> f.subscriptions.changePlan("gold")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> f.subscriptions.changePlan(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> f.subscriptions.changePlan("payg"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("already"));
        assertThat(f.subscriptions.account().plan().id()).isEqualTo(Plan.PAYG);
        assertThat(f.audit.entries()).isEmpty();
    }

    @Test
    void membersWithoutBillingManageSeeButCannotChange() {
        KeyCatalog.KeyFacts key = f.keys.add(f.ws(), "ci");
        for (Role role : List.of(Role.ADMIN, Role.MEMBER, Role.VIEWER)) {
            f.actAs(f.members.newMember(f.workspace, role));
            assertThat(f.subscriptions.account().plan().id()).isEqualTo(Plan.PAYG);
            assertThat(f.subscriptions.quotes()).hasSize(3);
            assertThat(f.subscriptions.budgets()).hasSize(1);
            assertThatThrownBy(() -> f.subscriptions.changePlan("pro"))
                    .as(role.name())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> f.subscriptions.cancelScheduledChange())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> f.subscriptions.setLimit(BigDecimal.TEN, true, List.of(50)))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> f.subscriptions.setBudget(key.keyId(), BigDecimal.TEN))
                    .isInstanceOf(PermissionDeniedException.class);
        }
        assertThat(f.audit.entries()).isEmpty();
        assertThat(f.caps.calls()).isEmpty();

        f.actAs(f.members.newMember(f.workspace, Role.BILLING));
        assertThat(f.subscriptions.changePlan("pro").plan().id()).isEqualTo(Plan.PRO);

        f.people.signOut();
        assertThatThrownBy(() -> f.subscriptions.account()).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void aLimitIsZeroOrMoreInMinorUnitsWithUpToTenThresholdsOf1To1000Percent() {
        assertRefused(() -> f.subscriptions.setLimit(new BigDecimal("-1"), true, List.of(50)), "amount");
        assertRefused(() -> f.subscriptions.setLimit(new BigDecimal("10.001"), true, List.of(50)), "amount");
        assertRefused(() -> f.subscriptions.setLimit(new BigDecimal("1e16"), true, List.of(50)), "amount");
        assertRefused(() -> f.subscriptions.setLimit(BigDecimal.TEN, true, List.of(0)), "thresholds");
        assertRefused(() -> f.subscriptions.setLimit(BigDecimal.TEN, true, List.of(1001)), "thresholds");
        List<Integer> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(i * 10);
        }
        assertRefused(() -> f.subscriptions.setLimit(BigDecimal.TEN, true, eleven), "thresholds");
        assertRefused(
                () -> f.subscriptions.setLimit(BigDecimal.TEN, true, Collections.singletonList(null)), "thresholds");
        assertThat(f.audit.entries()).isEmpty();

        Subscriptions.Account a = f.subscriptions.setLimit(new BigDecimal("0"), true, List.of(1000, 1, 80, 80));
        assertThat(a.limit()).isEqualTo(usd("0"));
        assertThat(a.hardLimit()).isTrue();
        assertThat(a.alertThresholds()).containsExactly(1, 80, 1000);
        assertThat(f.audit.last().action()).isEqualTo("billing.limit.set");
        assertThat(f.audit.last().details()).isEqualTo("Spending limit 0.00 USD, hard; alerts at 1, 80, 1000 %.");
        assertThat(f.caps.calls()).extracting(RecordingCaps.Call::inTransaction).containsExactly(true);

        a = f.subscriptions.setLimit(new BigDecimal("250.50"), false, eleven.subList(0, 10));
        assertThat(a.limit()).isEqualTo(usd("250.50"));
        assertThat(a.hardLimit()).isFalse();
        assertThat(a.alertThresholds()).hasSize(10);

        a = f.subscriptions.setLimit(null, true, List.of());
        assertThat(a.limit()).isNull();
        assertThat(a.hardLimit()).isFalse();
        assertThat(a.alertThresholds()).isEmpty();
    }

    @Test
    void budgetsAreSetOnTheWorkspacesOwnKeysOnly() {
        KeyCatalog.KeyFacts ci = f.keys.add(f.ws(), "ci");
        KeyCatalog.KeyFacts prod = f.keys.add(f.ws(), "prod");
        f.keys.addRevoked(f.ws(), "old");
        TestWorkspace other = f.members.newWorkspace("Other");
        KeyCatalog.KeyFacts theirs = f.keys.add(other.id(), "theirs");
        f.rollup(f.ws(), ci.keyId(), LocalDate.of(2026, 11, 1), "700");
        f.rollup(f.ws(), ci.keyId(), LocalDate.of(2026, 10, 31), "5000"); // before the cycle

        assertThat(f.subscriptions.budgets())
                .extracting(Subscriptions.KeyBudget::name)
                .containsExactly("prod", "ci");

        Subscriptions.KeyBudget b = f.subscriptions.setBudget(ci.keyId(), new BigDecimal("1000"));
        assertThat(b.monthlyCredits()).isEqualByComparingTo("1000");
        assertThat(b.spentThisCycle()).isEqualByComparingTo("700");
        assertThat(b.exhausted()).isFalse();
        assertThat(f.audit.last().action()).isEqualTo("billing.key_budget.set");
        assertThat(f.audit.last().subject().type()).isEqualTo(AuditTarget.API_KEY);
        assertThat(f.audit.last().subject().id()).isEqualTo(ci.keyId().toString());
        assertThat(f.caps.calls().getLast().keys()).containsExactly(ci.keyId());

        b = f.subscriptions.setBudget(ci.keyId(), new BigDecimal("700"));
        assertThat(b.exhausted()).isTrue();
        assertThat(f.subscriptions.budgets().get(1).exhausted()).isTrue();
        assertThat(f.subscriptions.budgets().get(0).monthlyCredits()).isNull();

        int entries = f.audit.entries().size();
        assertThatThrownBy(() -> f.subscriptions.setBudget(theirs.keyId(), BigDecimal.TEN))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> f.subscriptions.setBudget(UUID.randomUUID(), BigDecimal.TEN))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> f.subscriptions.setBudget(theirs.keyId(), null))
                .isInstanceOf(NoSuchElementException.class);
        assertRefused(() -> f.subscriptions.setBudget(prod.keyId(), new BigDecimal("-1")), "monthlyCredits");
        assertRefused(() -> f.subscriptions.setBudget(prod.keyId(), new BigDecimal("0.0000001")), "monthlyCredits");
        assertThat(f.audit.entries()).hasSize(entries);

        f.subscriptions.setBudget(ci.keyId(), null);
        assertThat(f.audit.last().action()).isEqualTo("billing.key_budget.removed");
        assertThat(f.subscriptions.budgets()).allMatch(k -> k.monthlyCredits() == null);

        // the other workspace sees its own key only, without the first one's budget
        TestPerson theirOwner = f.members.newMember(other, Role.OWNER);
        f.people.signIn(theirOwner, other);
        assertThat(f.subscriptions.budgets())
                .extracting(Subscriptions.KeyBudget::name)
                .containsExactly("theirs");
        assertThatThrownBy(() -> f.subscriptions.setBudget(ci.keyId(), BigDecimal.TEN))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theLast30DaysArePricedOnEachPlan() {
        f.at("2026-11-30T12:00:00Z");
        UUID key = f.keys.add(f.ws(), "ci").keyId();
        f.rollup(f.ws(), key, LocalDate.of(2026, 11, 1), "100000"); // the 30th day back: counted
        f.rollup(f.ws(), key, LocalDate.of(2026, 11, 30), "50000");
        f.rollup(f.ws(), key, LocalDate.of(2026, 10, 31), "999999"); // 31 days back: not counted

        List<Subscriptions.Quote> q = f.subscriptions.quotes();
        assertThat(q).extracting(Subscriptions.Quote::current).containsExactly(true, false, false);
        assertThat(q.get(0).last30DaysCost()).isEqualTo(usd("1500.00")); // 150,000 × 0.01
        assertThat(q.get(1).last30DaysCost()).isEqualTo(usd("1199.00")); // 799 + 50,000 × 0.008
        assertThat(q.get(2).last30DaysCost()).isEqualTo(usd("5000.00")); // within its 1,000,000
        assertThat(q.get(2).upgrade()).isTrue();
        // on the 30th, one day is left: 799 / 30
        assertThat(q.get(1).proratedFee()).isEqualTo(usd("26.63"));
    }

    @Test
    void operatorsSetEnterpriseTermsWithVolumeTiers() {
        EnterpriseTerms.Terms terms = new EnterpriseTerms.Terms(
                new BigDecimal("2000"),
                new BigDecimal("500000"),
                new BigDecimal("0.005"),
                List.of(
                        new EnterpriseTerms.Tier(new BigDecimal("2000000"), new BigDecimal("0.003")),
                        new EnterpriseTerms.Tier(new BigDecimal("1000000"), new BigDecimal("0.004"))),
                5000,
                Duration.ofMinutes(1));
        assertThatThrownBy(() -> f.terms.set(f.ws(), terms, "signed")).isInstanceOf(PermissionDeniedException.class);

        f.people.signIn(f.members.newOperator());
        assertThatThrownBy(() -> f.terms.set(f.ws(), terms, " ")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> f.terms.set(
                        f.ws(),
                        new EnterpriseTerms.Terms(
                                new BigDecimal("-1"), BigDecimal.ONE, BigDecimal.ONE, List.of(), 0, Duration.ZERO),
                        "x"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("monthlyFee", "rateLimit", "ratePeriod"));
        f.terms.set(f.ws(), terms, "Contract 2026-17");
        assertThat(f.audit.last().action()).isEqualTo("billing.enterprise_terms.set");
        assertThat(f.audit.last().workspaceId()).isEqualTo(f.ws());
        assertThat(f.audit.last().details()).contains("Contract 2026-17");

        Plan plan = f.catalog.plan(Plan.ENTERPRISE, f.ws());
        assertThat(plan.monthlyFee()).isEqualTo(usd("2000"));
        assertThat(plan.rateLimit()).isEqualTo(5000);
        assertThat(plan.tiers())
                .extracting(t -> t.fromCredits().toPlainString())
                .containsExactly("1000000.000000", "2000000.000000");
        // another workspace keeps the defaults
        assertThat(f.catalog.plan(Plan.ENTERPRISE, UUID.randomUUID()).monthlyFee())
                .isEqualTo(usd("5000"));

        // 2,500,000 overage credits: 1,000,000 × 0.005 + 1,000,000 × 0.004 + 500,000 × 0.003
        var lines = f.charges.usageLines(plan, new BigDecimal("2500000"));
        assertThat(lines)
                .extracting(l -> l.description() + " = " + l.amount())
                .containsExactly(
                        "Overage, Enterprise: 1,000,000 credits = 5000.00 USD",
                        "Overage, Enterprise from 1,000,000 credits: 1,000,000 credits = 4000.00 USD",
                        "Overage, Enterprise from 2,000,000 credits: 500,000 credits = 1500.00 USD");
    }

    private static void assertRefused(Runnable call, String field) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
