package dev.vlmconsole.billing.ledger;

import dev.vlmconsole.billing.BillingProperties;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Beans of the ledger, usage ingestion, rollups and usage queries. */
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
}
