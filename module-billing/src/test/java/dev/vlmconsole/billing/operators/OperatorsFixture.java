package dev.vlmconsole.billing.operators;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.PaymentRequest;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.InvoiceLines;
import dev.vlmconsole.billing.invoices.InvoiceService;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.InvoicesConfiguration;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.ledger.LedgerConfiguration;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.plans.PlansConfiguration;
import dev.vlmconsole.billing.plans.RecordingCaps;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.RecordingOutboundMail;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Test only: the billing module's ledger, plans, invoices and operators parts wired by their own
 * configurations over test-support's fake console (the real services, the real database), with an
 * offline payment provider, recording caps and a recording outbox. One started context on H2 and one on
 * PostgreSQL per test JVM (tests stay apart by making their own workspaces), and fresh ones on demand.
 */
public final class OperatorsFixture {

    public static final Instant START = Instant.parse("2026-11-16T10:00:00Z");

    /** Invoices wait for a bank transfer: they stay open until an operator marks them paid. */
    static final class OfflinePayments implements PaymentProvider {
        @Override
        public String id() {
            return "offline-test";
        }

        @Override
        public String displayName() {
            return "Bank transfer";
        }

        @Override
        public PaymentOutcome start(PaymentRequest request) {
            return new PaymentOutcome.AwaitingOfflinePayment(request.reference(), LocalDate.of(2026, 12, 16));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BillingProperties.class)
    static class Settings {}

    /** One started context and the doubles it talks to. */
    public record Ops(
            ModuleTestContext spring,
            FakeConsoleContext context,
            TestMembers members,
            RecordingOutboundMail mail,
            RecordingCaps caps,
            MutableClock clock) {

        public RecordingAuditLog audit() {
            return (RecordingAuditLog) spring.audit();
        }

        public <T> T bean(Class<T> type) {
            return spring.bean(type);
        }

        public CreditAdjustments adjustments() {
            return bean(CreditAdjustments.class);
        }

        public JooqLedger ledger() {
            return bean(JooqLedger.class);
        }

        /** A new operator, signed in (no workspace of their own). */
        public TestPerson signInOperator() {
            TestPerson operator = members.newOperator();
            context.signIn(operator);
            return operator;
        }

        /** A new workspace with an Owner. */
        public TestWorkspace newWorkspace() {
            TestWorkspace w = members.newWorkspace();
            members.newMember(w, Role.OWNER);
            return w;
        }

        /** An open invoice of {@code workspace} (offline payment awaited), issued by the module. */
        public Invoices.Invoice openInvoice(TestWorkspace workspace) {
            return bean(InvoiceService.class)
                    .issue(new Invoices.Draft(
                            workspace.id(),
                            Invoices.Kind.CYCLE,
                            LocalDate.of(2026, 10, 1),
                            LocalDate.of(2026, 10, 31),
                            List.of(InvoiceLines.line("Pro, October 2026", BigDecimal.ONE, Money.of("799", "USD"))),
                            "cycle:" + UUID.randomUUID()));
        }
    }

    private static Ops h2;
    private static Ops postgres;

    private OperatorsFixture() {}

    public static synchronized Ops h2() {
        if (h2 == null) {
            h2 = start(ModuleDatabase.h2().withCoreTables().migrate(new BillingModule()));
        }
        return h2;
    }

    public static synchronized Ops postgres() {
        if (postgres == null) {
            postgres = start(ModuleDatabase.postgres().withCoreTables().migrate(new BillingModule()));
        }
        return postgres;
    }

    /** A context over {@code database}, migrated already (a second node on the same database, say). */
    public static Ops start(ModuleDatabase database) {
        return start(database, new TestMembers(database));
    }

    /** As {@link #start(ModuleDatabase)}, with the people and workspaces of another node on that database. */
    public static Ops start(ModuleDatabase database, TestMembers members) {
        BillingModule module = new BillingModule();
        FakeConsoleContext context = new FakeConsoleContext(members, module);
        MutableClock clock = new MutableClock(START);
        RecordingOutboundMail mail = new RecordingOutboundMail(true);
        RecordingCaps caps = new RecordingCaps();
        ModuleTestContext spring = ModuleTestContext.builder(database, context)
                .configuration(
                        Settings.class,
                        LedgerConfiguration.class,
                        PlansConfiguration.class,
                        InvoicesConfiguration.class,
                        OperatorsConfiguration.class)
                .bean(ConsoleModule.class, module)
                .bean(Clock.class, clock)
                .bean(PaymentProvider.class, new OfflinePayments())
                .bean(OutboundMail.class, mail)
                .bean(Caps.class, caps)
                .bean(ConsoleLinks.class, new FixedConsoleLinks("https://console.example.test"))
                .start();
        return new Ops(spring, context, members, mail, caps, clock);
    }
}
