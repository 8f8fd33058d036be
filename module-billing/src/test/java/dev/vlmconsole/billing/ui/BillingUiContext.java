package dev.vlmconsole.billing.ui;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.usage.UsageReports;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.TestMembers;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Test only: the Billing page over test-support's fake console and this package's in-memory doubles
 * of the billing services (the real ones are built elsewhere and replace them at integration), one
 * per test JVM; {@link #reset} before each test. The page is registered as the console registers it:
 * from the descriptor's navigation entry. The clock stands at 16 November 2026, 10:00 UTC, half-way
 * through the November cycle.
 */
final class BillingUiContext {

    static final Instant NOW = Instant.parse("2026-11-16T10:00:00Z");

    private static BillingUiContext shared;

    final MutableClock clock = new MutableClock(NOW);
    final FakeConsoleContext context;
    final InMemorySubscriptions subscriptions;
    final InMemoryUsageReports usage;
    final InMemoryInvoices invoices;
    final InMemoryTopUps topUps;
    final InMemoryBillingProfiles profiles;
    final ModuleTestContext spring;

    /** The console's settings binding: {@code console.billing.*} with its defaults. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BillingProperties.class)
    static class Settings {}

    private BillingUiContext() {
        BillingModule module = new BillingModule();
        context = new FakeConsoleContext(new TestMembers(), module);
        subscriptions = new InMemorySubscriptions(context, clock);
        usage = new InMemoryUsageReports(context);
        invoices = new InMemoryInvoices(context);
        topUps = new InMemoryTopUps(context, clock, invoices, subscriptions);
        profiles = new InMemoryBillingProfiles(context);
        spring = ModuleTestContext.builder(ModuleDatabase.h2(), context)
                .bean(ConsoleModule.class, module)
                .bean(Clock.class, clock)
                .bean(Subscriptions.class, subscriptions)
                .bean(UsageReports.class, usage)
                .bean(Invoices.class, invoices)
                .bean(TopUps.class, topUps)
                .bean(BillingProfiles.class, profiles)
                .configuration(Settings.class)
                .start();
    }

    static synchronized BillingUiContext get() {
        if (shared == null) {
            shared = new BillingUiContext();
        }
        return shared;
    }

    void reset() {
        context.signOut();
        subscriptions.reset();
        usage.reset();
        invoices.reset();
        topUps.reset();
        profiles.reset();
    }
}
