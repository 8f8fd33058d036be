package dev.vlmconsole.billing.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.PaymentRequest;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.InvoicesConfiguration;
import dev.vlmconsole.billing.ledger.LedgerConfiguration;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlansConfiguration;
import dev.vlmconsole.billing.plans.RecordingCaps;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.TestKeyCatalog;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The plans and cycles parts as their configuration classes wire them, with the real ledger and the
 * real invoices: the beans they look up on use are found, and the job, run with nobody signed in as
 * the scheduler runs it, closes a cycle through its ShedLock into one numbered invoice with tax.
 */
class PlansWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BillingProperties.class)
    static class Settings {}

    /** The offline provider's answer: due in 30 days. */
    static final class OfflinePayments implements PaymentProvider {
        @Override
        public String id() {
            return "offline-test";
        }

        @Override
        public String displayName() {
            return "Offline";
        }

        @Override
        public PaymentOutcome start(PaymentRequest request) {
            return new PaymentOutcome.AwaitingOfflinePayment(request.reference(), LocalDate.of(2027, 1, 1));
        }
    }

    @Test
    void theConfigurationsWireTheSubscriptionsTheJobAndTheInvoices() {
        ModuleDatabase db = ModuleDatabase.h2().withCoreTables().migrate(new BillingModule());
        TestMembers members = new TestMembers(db);
        FakeConsoleContext context = new FakeConsoleContext(members, new BillingModule());
        MutableClock clock = new MutableClock(Instant.parse("2026-11-16T10:00:00Z"));
        RecordingCaps caps = new RecordingCaps();
        TestKeyCatalog keys = new TestKeyCatalog();
        ModuleTestContext spring = ModuleTestContext.builder(db, context)
                .configuration(
                        Settings.class,
                        LedgerConfiguration.class,
                        PlansConfiguration.class,
                        CyclesConfiguration.class,
                        InvoicesConfiguration.class)
                .bean(Clock.class, clock)
                .bean(Caps.class, caps)
                .bean(KeyCatalog.class, keys)
                .bean(PaymentProvider.class, new OfflinePayments())
                .bean(ConsoleLinks.class, new FixedConsoleLinks("https://console.example.test"))
                .property("console.billing.pro.monthly-fee", "600")
                .start();
        try {
            TestWorkspace ws = members.newWorkspace("Acme");
            TestPerson owner = members.newMember(ws, Role.OWNER);
            context.signIn(owner, ws);
            keys.add(ws.id(), "ci");
            Subscriptions subscriptions = spring.bean(Subscriptions.class);

            Subscriptions.Account a = subscriptions.changePlan("pro"); // opens today: 15 of November's 30 days
            assertThat(a.plan().monthlyFee().amount()).isEqualByComparingTo("600");
            assertThat(a.upcomingInvoice().amount()).isEqualByComparingTo("300");
            assertThat(caps.calls()).hasSize(1);
            assertThat(subscriptions.budgets()).hasSize(1);
            db.dsl().execute("update billing_account set tax_rate = 20 where workspace_id = ?", ws.id());
            assertThat(subscriptions.account().upcomingInvoice().amount()).isEqualByComparingTo("360");

            clock.advance(Duration.ofDays(15));
            context.signOut(); // the scheduler acts for nobody
            assertThat(spring.bean(CycleCloseJob.class).runOnce()).hasSize(1);

            context.signIn(owner, ws);
            List<Invoices.Invoice> issued = spring.bean(Invoices.class).list();
            assertThat(issued).singleElement().satisfies(i -> {
                assertThat(i.number()).isEqualTo("INV-2026-000001");
                assertThat(i.kind()).isEqualTo(Invoices.Kind.CYCLE);
                assertThat(i.periodStart()).isEqualTo(LocalDate.of(2026, 11, 16));
                assertThat(i.periodEnd()).isEqualTo(LocalDate.of(2026, 11, 30));
                assertThat(i.subtotal().amount()).isEqualByComparingTo("300");
                assertThat(i.tax().amount()).isEqualByComparingTo("60");
                assertThat(i.total().amount()).isEqualByComparingTo("360");
            });
            Subscriptions.Account next = subscriptions.account();
            assertThat(next.plan().id()).isEqualTo(Plan.PRO);
            assertThat(next.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(next.balance().allowance()).isEqualByComparingTo(new BigDecimal("100000"));
            assertThat(db.dsl()
                            .fetchValue(
                                    "select invoice_number from billing_cycle_close where workspace_id = ?", ws.id()))
                    .isEqualTo("INV-2026-000001");
        } finally {
            spring.close();
            db.close();
        }
    }
}
