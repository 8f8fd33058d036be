package dev.vlmconsole.billing.plans;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.ledger.Ledger;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Beans of plans, subscriptions (plan changes, limits, budgets). The keys module's {@link KeyCatalog}
 * and the caps part's {@link Caps} are looked up on use: without them there are no keys to budget and
 * nothing to recompute.
 */
@Configuration(proxyBeanMethods = false)
public class PlansConfiguration {

    @Bean
    BillingCalendar billingCalendar(ObjectProvider<Clock> clock, BillingProperties settings) {
        return new BillingCalendar(clock.getIfAvailable(Clock::systemUTC), settings.timeZone());
    }

    @Bean
    EnterpriseTerms billingEnterpriseTerms(
            DSLContext db,
            ConsoleContext context,
            AuditLog audit,
            PlatformTransactionManager transactions,
            BillingCalendar calendar,
            ObjectProvider<Caps> caps) {
        return new EnterpriseTerms(
                db, context, audit, new TransactionTemplate(transactions), calendar, caps::getIfAvailable);
    }

    @Bean
    PlanCatalog billingPlanCatalog(BillingProperties settings, EnterpriseTerms terms) {
        return new ConfiguredPlanCatalog(settings, terms);
    }

    @Bean
    CycleCharges billingCycleCharges(
            DSLContext db, PlanCatalog catalog, BillingProperties settings, BillingCalendar calendar) {
        return new CycleCharges(db, catalog, settings.currency(), calendar);
    }

    /** Typed as the service: the operators' part calls its operator-only methods. */
    @Bean
    SubscriptionService billingSubscriptions(
            DSLContext db,
            ConsoleContext context,
            PlanCatalog catalog,
            Ledger ledger,
            CycleCharges charges,
            AuditLog audit,
            PlatformTransactionManager transactions,
            BillingCalendar calendar,
            BillingProperties settings,
            ObjectProvider<KeyCatalog> keys,
            ObjectProvider<Caps> caps) {
        return new SubscriptionService(
                db,
                context,
                catalog,
                ledger,
                charges,
                audit,
                new TransactionTemplate(transactions),
                calendar,
                settings.currency(),
                keys::getIfAvailable,
                caps::getIfAvailable);
    }
}
