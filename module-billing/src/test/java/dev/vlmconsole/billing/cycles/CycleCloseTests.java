package dev.vlmconsole.billing.cycles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.BillingFixture;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.testsupport.ModuleDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cycle close on a real database with the real ledger. */
abstract class CycleCloseTests {

    BillingFixture f;
    CycleClose close;

    abstract ModuleDatabase database();

    @BeforeEach
    void setUp() {
        f = new BillingFixture(database(), Instant.parse("2026-11-01T08:00:00Z"));
        f.subscriptions.account(); // a full November cycle
        close = f.newCycleClose();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    void proFromThe16th() {
        f.at("2026-11-16T10:00:00Z");
        f.subscriptions.changePlan("pro");
    }

    @Test
    void nothingClosesBeforeTheCycleEnds() {
        f.at("2026-11-30T23:59:59Z");
        assertThat(close.closeDue()).isEmpty();
        assertThat(f.invoices.calls()).isEmpty();
    }

    @Test
    void cyclesAreMonthsOfTheBillingTimeZone() {
        try (BillingFixture ny =
                new BillingFixture(database(), Instant.parse("2026-11-01T08:00:00Z"), ZoneId.of("America/New_York"))) {
            ny.at("2026-11-16T15:00:00Z");
            ny.subscriptions.changePlan("pro"); // opened on 16 November in New York
            CycleClose closer = ny.newCycleClose();
            ny.at("2026-12-01T04:59:59Z"); // 30 November, 23:59:59 in New York
            assertThat(closer.closeDue()).isEmpty();
            ny.at("2026-12-01T05:00:00Z");
            assertThat(closer.closeDue()).hasSize(1);
            Ledger.Entry next = ny.ledger
                    .byReference(ny.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01")
                    .orElseThrow();
            assertThat(next.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(ny.subscriptions.account().cycleEnd()).isEqualTo(LocalDate.of(2027, 1, 1));
            assertThat(ny.invoices.calls().getFirst().lines().getFirst().description())
                    .isEqualTo("Pro, 16\u201330 November 2026");
        }
    }

    @Test
    void theCloseBillsTheCycleOnceExpiresTheAllowanceAndGrantsTheNext() {
        proFromThe16th();
        f.usage(f.ws(), "30000"); // 20,000 of the 50,000 pro-rated credits are left at the end
        f.at("2026-12-01T00:05:00Z");
        f.caps.clear();

        List<CycleClose.Closed> closed = close.closeDue();

        assertThat(closed).hasSize(1);
        assertThat(closed.getFirst().cycleStart()).isEqualTo(LocalDate.of(2026, 11, 1));
        Invoices.Draft draft = f.invoices.calls().getFirst();
        assertThat(draft.kind()).isEqualTo(Invoices.Kind.CYCLE);
        assertThat(draft.reference()).isEqualTo("cycle:2026-11-01");
        assertThat(draft.periodStart()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(draft.periodEnd()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(draft.lines())
                .extracting(l -> l.description() + " = " + l.amount())
                .containsExactly("Pro, 16\u201330 November 2026 = 399.50 USD");

        List<Ledger.Entry> november = f.ledger.entries(f.ws(), LocalDate.of(2026, 11, 1));
        assertThat(november)
                .filteredOn(e -> e.kind() == Ledger.Kind.ALLOWANCE_EXPIRY)
                .extracting(e -> e.credits().toPlainString())
                .containsExactly("-20000.000000");
        Ledger.Entry next = f.ledger
                .byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01")
                .orElseThrow();
        assertThat(next.credits()).isEqualByComparingTo("100000");
        assertThat(next.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));

        Subscriptions.Account a = f.subscriptions.account();
        assertThat(a.plan().id()).isEqualTo(Plan.PRO);
        assertThat(a.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(a.cycleEnd()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(a.balance().allowance()).isEqualByComparingTo("100000");
        assertThat(a.balance().cycleUsage()).isEqualByComparingTo("0");
        assertThat(a.upcomingInvoice()).isEqualTo(usd("799.00")); // December in full
        assertThat(f.ledger.balance(f.ws())).isEqualTo(f.ledger.derivedBalance(f.ws()));

        assertThat(f.audit.last().action()).isEqualTo("billing.cycle.closed");
        assertThat(f.audit.last().actor()).isEqualTo(Actor.SYSTEM);
        assertThat(f.audit.last().workspaceId()).isEqualTo(f.ws());
        assertThat(f.caps.calls()).extracting(c -> c.workspaceId()).containsExactly(f.ws());
        assertThat(f.db.dsl()
                        .fetchValue(
                                "select invoice_number from billing_cycle_close where workspace_id = ? and cycle_start = ?",
                                f.ws(),
                                LocalDate.of(2026, 11, 1)))
                .isEqualTo("INV-2026-000001");

        // run again, here and on "another node": nothing more
        assertThat(close.closeDue()).isEmpty();
        assertThat(f.newCycleClose().closeDue()).isEmpty();
        assertThat(f.invoices.calls()).hasSize(1);
        assertThat(f.ledger.entries(f.ws(), LocalDate.of(2026, 12, 1)))
                .filteredOn(e -> e.kind() == Ledger.Kind.ALLOWANCE)
                .hasSize(1);
    }

    @Test
    void overageAndPayAsYouGoUsageAreInvoicedAtThePlansPrice() {
        f.usage(f.ws(), "1234.5");
        f.at("2026-12-01T00:00:00Z");
        close.closeDue();
        assertThat(f.invoices.calls().getFirst().lines())
                .extracting(l -> l.description() + " " + l.quantity().toPlainString() + " × " + l.unitPrice() + " = "
                        + l.amount())
                .containsExactly("Usage, Pay-as-you-go: 1,234.5 credits 1234.5 × 0.01 USD = 12.34 USD");
        assertThat(f.subscriptions.account().overageCharges()).isEqualTo(usd("0"));
    }

    @Test
    void aCycleWithNothingToChargeIsClosedWithoutAnInvoice() {
        f.at("2026-12-01T06:00:00Z");
        List<CycleClose.Closed> closed = close.closeDue();
        assertThat(closed)
                .singleElement()
                .satisfies(c -> assertThat(c.invoice()).isNull());
        assertThat(f.invoices.calls()).isEmpty();
        assertThat(f.subscriptions.account().cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(f.ledger.byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01"))
                .isEmpty();
    }

    @Test
    void aScheduledDowngradeAppliesAtTheClose() {
        proFromThe16th();
        f.subscriptions.changePlan("payg");
        f.at("2026-12-01T00:00:00Z");

        close.closeDue();

        Subscriptions.Account a = f.subscriptions.account();
        assertThat(a.plan().id()).isEqualTo(Plan.PAYG);
        assertThat(a.plan().rateLimit()).isEqualTo(10);
        assertThat(a.scheduledPlan()).isNull();
        assertThat(a.balance().allowance()).isEqualByComparingTo("0");
        assertThat(f.ledger.byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01"))
                .isEmpty();
        assertThat(f.invoices.calls().getFirst().lines()).hasSize(1); // November's Pro fee
        assertThat(f.audit.actions()).contains("billing.plan.changed", "billing.cycle.closed");
    }

    @Test
    void aCancelledDowngradeDoesNotApply() {
        proFromThe16th();
        f.subscriptions.changePlan("payg");
        f.subscriptions.cancelScheduledChange();
        f.at("2026-12-01T00:00:00Z");
        close.closeDue();
        assertThat(f.subscriptions.account().plan().id()).isEqualTo(Plan.PRO);
    }

    @Test
    void anEnterpriseWorkspaceIsBilledOnItsOwnTermsWithVolumeTiers() {
        f.at("2026-11-11T12:00:00Z");
        assertThatThrownBy(() -> f.subscriptions.moveToEnterprise(f.ws(), "asked"))
                .isInstanceOf(PermissionDeniedException.class);
        f.people.signIn(f.members.newOperator());
        f.terms.set(
                f.ws(),
                new EnterpriseTerms.Terms(
                        new BigDecimal("3000"),
                        new BigDecimal("300000"),
                        new BigDecimal("0.005"),
                        List.of(new EnterpriseTerms.Tier(new BigDecimal("100000"), new BigDecimal("0.004"))),
                        2000,
                        Duration.ofMinutes(1)),
                "Contract 17");
        f.caps.clear();
        f.subscriptions.moveToEnterprise(f.ws(), "Contract 17 signed");
        assertThat(f.audit.last().action()).isEqualTo("billing.plan.upgraded");
        assertThat(f.audit.last().workspaceId()).isEqualTo(f.ws());
        assertThat(f.audit.last().details()).contains("2000.00 USD", "200,000 credits", "Contract 17 signed");
        assertThat(f.caps.calls()).extracting(c -> c.workspaceId()).containsExactly(f.ws());
        assertThatThrownBy(() -> f.subscriptions.moveToEnterprise(f.ws(), "again"))
                .isInstanceOf(InvalidInputException.class);

        f.actAs(f.owner);
        assertThat(f.subscriptions.account().plan().rateLimit()).isEqualTo(2000);
        f.usage(f.ws(), "450000"); // 200,000 from the allowance, 250,000 overage
        f.at("2026-12-01T00:00:00Z");
        close.closeDue();

        assertThat(f.invoices.calls().getFirst().lines())
                .extracting(l -> l.description() + " = " + l.amount())
                .containsExactly(
                        "Enterprise, 11\u201330 November 2026 = 2000.00 USD",
                        "Overage, Enterprise: 100,000 credits = 500.00 USD",
                        "Overage, Enterprise from 100,000 credits: 150,000 credits = 600.00 USD");
        assertThat(f.ledger.byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01"))
                .hasValueSatisfying(e -> assertThat(e.credits()).isEqualByComparingTo("300000"));
        assertThat(f.subscriptions.account().upcomingInvoice()).isEqualTo(usd("3000.00"));
    }

    @Test
    void aConsoleDownForTwoMonthsClosesEachMissedCycleInOrder() {
        proFromThe16th();
        f.at("2027-01-15T09:00:00Z");

        List<CycleClose.Closed> closed = close.closeDue();

        assertThat(closed).extracting(c -> c.cycleStart().toString()).containsExactly("2026-11-01", "2026-12-01");
        assertThat(f.invoices.calls())
                .extracting(d -> d.reference() + " " + d.lines().getFirst().amount())
                .containsExactly("cycle:2026-11-01 399.50 USD", "cycle:2026-12-01 799.00 USD");
        assertThat(f.invoices.calls().get(1).lines().getFirst().description())
                .isEqualTo("Pro, 1\u201331 December 2026");
        assertThat(f.ledger.byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01"))
                .isPresent();
        assertThat(f.ledger.byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2027-01-01"))
                .isPresent();
        Subscriptions.Account a = f.subscriptions.account();
        assertThat(a.cycleStart()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(a.cycleEnd()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(a.balance().allowance()).isEqualByComparingTo("100000"); // December's expired
        assertThat(f.ledger.balance(f.ws())).isEqualTo(f.ledger.derivedBalance(f.ws()));
        assertThat(close.closeDue()).isEmpty();
    }

    @Test
    void aCloseThatFailsHalfwayLeavesNothingAndIsDoneOnceOnTheNextRun() {
        proFromThe16th();
        f.at("2026-12-01T00:00:00Z");
        Invoices failing = new FailingInvoices();
        CycleClose crashing = new CycleClose(
                f.db.dsl(),
                f.ledger,
                () -> failing,
                f.catalog,
                f.charges,
                f.audit,
                f.db.tx(),
                f.calendar,
                BillingFixture.USD,
                () -> f.caps);

        assertThat(crashing.closeDue()).isEmpty(); // logged, left for the next run
        assertThatThrownBy(() -> crashing.closeDue(f.ws())).isInstanceOf(IllegalStateException.class);
        assertThat(f.subscriptions.account().cycleStart()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(f.ledger.byReference(f.ws(), Ledger.Kind.ALLOWANCE, "allowance:2026-12-01"))
                .isEmpty();
        assertThat(f.ledger.entries(f.ws(), LocalDate.of(2026, 11, 1)))
                .noneMatch(e -> e.kind() == Ledger.Kind.ALLOWANCE_EXPIRY);

        assertThat(close.closeDue()).hasSize(1);
        assertThat(f.invoices.calls()).hasSize(1);
        assertThat(close.closeDue()).isEmpty();
    }

    @Test
    void theShedLockLetsOneNodeRunTheJobAtATime() {
        CycleCloseJob nodeA = new CycleCloseJob(close, CyclesConfiguration.lockProvider(f.db.dataSource()));
        CycleCloseJob nodeB = new CycleCloseJob(f.newCycleClose(), CyclesConfiguration.lockProvider(f.db.dataSource()));
        f.at("2026-12-01T00:00:00Z");
        assertThat(nodeA.runOnce()).hasSize(1);
        assertThat(nodeB.runOnce()).isNull(); // held for at least 30 seconds after a run
        assertThat(f.db.dsl().fetchValue("select count(*) from shedlock where name = ?", CycleCloseJob.LOCK_NAME))
                .isEqualTo(1L);
    }

    /** An invoices part that fails, as a crash in the middle of the close would. */
    static final class FailingInvoices implements Invoices {
        @Override
        public Invoice issue(Draft draft) {
            throw new IllegalStateException("disk full");
        }

        @Override
        public List<Invoice> list() {
            return List.of();
        }

        @Override
        public Invoice get(UUID invoiceId) {
            throw new IllegalStateException();
        }

        @Override
        public byte[] pdf(UUID invoiceId) {
            throw new IllegalStateException();
        }
    }
}
