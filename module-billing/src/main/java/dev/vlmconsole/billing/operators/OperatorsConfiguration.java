package dev.vlmconsole.billing.operators;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.BillingOperations;
import dev.vlmconsole.billing.invoices.BillingProfileService;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.plans.PlanCatalog;
import dev.vlmconsole.billing.plans.SubscriptionService;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Beans of the operators' billing tools: credit adjustments, the Billing section of an operator's page
 * of a workspace, the "Contact sales" desk, and the module-api {@link WorkspaceAccounts} the operators'
 * list of workspaces reads. Caps and mail are looked up on use (both optional).
 */
@Configuration(proxyBeanMethods = false)
public class OperatorsConfiguration {

    @Bean
    CreditAdjustments billingCreditAdjustments(
            DSLContext db,
            ConsoleContext context,
            JooqLedger ledger,
            MemberDirectory directory,
            AuditLog audit,
            PlatformTransactionManager transactions,
            ObjectProvider<Caps> caps,
            ObjectProvider<Clock> clock) {
        return new CreditAdjustments(
                db,
                context,
                ledger,
                directory,
                audit,
                new TransactionTemplate(transactions),
                caps::getIfAvailable,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    OperatorBilling billingOperatorBilling(
            DSLContext db,
            ConsoleContext context,
            MemberDirectory directory,
            SubscriptionService subscriptions,
            EnterpriseTerms terms,
            BillingOperations operations,
            BillingProfileService profiles,
            JooqLedger ledger,
            PlatformTransactionManager transactions) {
        return new OperatorBilling(
                db,
                context,
                directory,
                subscriptions,
                terms,
                operations,
                profiles,
                ledger,
                new TransactionTemplate(transactions));
    }

    @Bean
    SalesDesk billingSalesDesk(
            DSLContext db,
            ConsoleContext context,
            AuditLog audit,
            ObjectProvider<OutboundMail> mail,
            PlatformTransactionManager transactions,
            ObjectProvider<Clock> clock,
            BillingProperties settings) {
        return new SalesDesk(
                db,
                context,
                audit,
                mail::getIfAvailable,
                new TransactionTemplate(transactions),
                clock.getIfAvailable(Clock::systemUTC),
                settings.timeZone());
    }

    /** The operators' list of workspaces shows plan, balance and usage from here. */
    @Bean
    WorkspaceAccounts billingWorkspaceAccounts(DSLContext db, ConsoleContext context, PlanCatalog catalog) {
        return new BillingWorkspaceAccounts(db, context, catalog);
    }
}
