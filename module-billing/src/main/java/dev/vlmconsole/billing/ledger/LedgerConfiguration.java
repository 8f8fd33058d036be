package dev.vlmconsole.billing.ledger;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.usage.JooqUsageIngestion;
import dev.vlmconsole.billing.usage.MeteredUsageIngestion;
import dev.vlmconsole.billing.usage.RollupUsageQueries;
import dev.vlmconsole.billing.usage.RollupUsageReports;
import dev.vlmconsole.billing.usage.UsageEventPurge;
import dev.vlmconsole.billing.usage.UsageReports;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Beans of the ledger, usage ingestion, rollups and usage queries. The key catalog (the keys module's)
 * and the caps are looked up on use: they may be defined after these beans, and without caps ingestion
 * only records.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

    @Bean
    JooqLedger billingLedger(
            DSLContext db,
            PlatformTransactionManager transactions,
            ObjectProvider<Clock> clock,
            BillingProperties settings) {
        return new JooqLedger(db, transactions, clock.getIfAvailable(Clock::systemUTC), settings.timeZone());
    }

    @Bean
    SignupGrant billingSignupGrant(JooqLedger ledger, BillingProperties settings, ObjectProvider<Clock> clock) {
        return new SignupGrant(ledger, settings, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Counted (DD032): the bean is also the meter binder of {@code console.billing.usage.events}. */
    @Bean
    MeteredUsageIngestion billingUsageIngestion(
            DSLContext db,
            PlatformTransactionManager transactions,
            JooqLedger ledger,
            ObjectProvider<KeyCatalog> keys,
            ObjectProvider<Caps> caps,
            ObjectProvider<Clock> clock) {
        return new MeteredUsageIngestion(new JooqUsageIngestion(
                db,
                transactions,
                ledger,
                keys::getIfAvailable,
                caps::getIfAvailable,
                clock.getIfAvailable(Clock::systemUTC)));
    }

    /** Replaces the console's default (no usage): the keys page shows credits from the rollups. */
    @Bean
    UsageQueries billingUsageQueries(DSLContext db, ObjectProvider<KeyCatalog> keys, BillingProperties settings) {
        return new RollupUsageQueries(db, keys::getIfAvailable, settings.timeZone());
    }

    @Bean
    UsageReports billingUsageReports(DSLContext db, ConsoleContext context, ObjectProvider<KeyCatalog> keys) {
        return new RollupUsageReports(db, context, keys::getIfAvailable);
    }

    @Bean
    UsageEventPurge billingUsageEventPurge(
            DSLContext db,
            PlatformTransactionManager transactions,
            ObjectProvider<Clock> clock,
            BillingProperties settings) {
        return new UsageEventPurge(
                db, transactions, clock.getIfAvailable(Clock::systemUTC), settings.ingestRetention());
    }
}
