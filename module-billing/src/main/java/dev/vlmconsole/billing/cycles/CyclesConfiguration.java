package dev.vlmconsole.billing.cycles;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.BillingCalendar;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.plans.CycleCharges;
import dev.vlmconsole.billing.plans.PlanCatalog;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Beans of the cycle close, once per cycle across nodes (DD021). */
@Configuration(proxyBeanMethods = false)
public class CyclesConfiguration {

    @Bean
    CycleClose billingCycleClose(
            DSLContext db,
            Ledger ledger,
            ObjectProvider<Invoices> invoices,
            PlanCatalog catalog,
            CycleCharges charges,
            AuditLog audit,
            PlatformTransactionManager transactions,
            BillingCalendar calendar,
            BillingProperties settings,
            ObjectProvider<Caps> caps) {
        return new CycleClose(
                db,
                ledger,
                invoices::getIfAvailable,
                catalog,
                charges,
                audit,
                new TransactionTemplate(transactions),
                calendar,
                settings.currency(),
                caps::getIfAvailable);
    }

    @Bean
    CycleCloseJob billingCycleCloseJob(CycleClose close, DataSource dataSource) {
        return new CycleCloseJob(close, lockProvider(dataSource));
    }

    /** ShedLock over the console's database, timed by the database's clock (nodes' clocks may differ). */
    public static LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }
}
