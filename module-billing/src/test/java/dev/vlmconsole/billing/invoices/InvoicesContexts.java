package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.ledger.LedgerConfiguration;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.RecordingOutboundMail;
import dev.vlmconsole.testsupport.TestMembers;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The invoices part wired by its own configuration with the real ledger, over test-support's fake
 * console: one context on H2 and one on PostgreSQL per test JVM, shared by the tests (they stay apart
 * by making their own workspaces), and fresh ones for tests that need a database of their own.
 */
final class InvoicesContexts {

    static final String PUBLIC_URL = "https://console.example.test";
    static final String SALES = "sales@example.test";
    static final Instant START = Instant.parse("2026-11-10T09:00:00Z");

    /** One started part and the doubles it talks to. */
    record Billing(
            ModuleTestContext spring,
            FakeConsoleContext context,
            TestMembers members,
            TestPayments payments,
            RecordingOutboundMail mail,
            RecordingCaps caps,
            MutableClock clock) {

        RecordingAuditLog audit() {
            return (RecordingAuditLog) spring.audit();
        }

        <T> T bean(Class<T> type) {
            return spring.bean(type);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BillingProperties.class)
    static class Settings {}

    private static Billing h2;
    private static Billing postgres;

    private InvoicesContexts() {}

    static synchronized Billing h2() {
        if (h2 == null) {
            h2 = start(ModuleDatabase.h2());
        }
        return h2;
    }

    static synchronized Billing postgres() {
        if (postgres == null) {
            postgres = start(ModuleDatabase.postgres());
        }
        return postgres;
    }

    /** A context over a database of its own (close both when done). */
    static Billing fresh(ModuleDatabase database) {
        return start(database);
    }

    private static Billing start(ModuleDatabase database) {
        BillingModule module = new BillingModule();
        database.withCoreTables().migrate(module);
        TestMembers members = new TestMembers(database);
        FakeConsoleContext context = new FakeConsoleContext(members, module);
        MutableClock clock = new MutableClock(START);
        TestPayments payments = new TestPayments(clock);
        RecordingOutboundMail mail = new RecordingOutboundMail(true);
        RecordingCaps caps = new RecordingCaps();
        ModuleTestContext spring = ModuleTestContext.builder(database, context)
                .configuration(Settings.class, LedgerConfiguration.class, InvoicesConfiguration.class)
                .bean(Clock.class, clock)
                .bean(ConsoleContext.class, new OperatorAwareContext(context))
                .bean(PaymentProvider.class, payments)
                .bean(OutboundMail.class, mail)
                .bean(Caps.class, caps)
                .bean(ConsoleLinks.class, new FixedConsoleLinks(PUBLIC_URL))
                .property("console.billing.sales-email", SALES)
                .property("console.billing.seller.name", "Example AI GmbH")
                .property("console.billing.seller.address", "Hauptstrasse 1; 10115 Berlin; Germany")
                .property("console.billing.seller.tax-id", "DE123456789")
                .property("console.billing.seller.email", "billing@example.test")
                .start();
        return new Billing(spring, context, members, payments, mail, caps, clock);
    }
}
