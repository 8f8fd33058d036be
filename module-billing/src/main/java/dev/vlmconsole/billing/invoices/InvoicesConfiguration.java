package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.Caps;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans of invoices, their PDF, top-ups, billing profiles and payments. The console's services (the
 * payment provider, links, mail) and the other parts' beans (ledger, caps) are looked up on use, so
 * the order in which beans are made does not matter; caps are optional.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SellerProperties.class)
public class InvoicesConfiguration {

    @Bean
    InvoiceRepository invoiceRepository(DSLContext db) {
        return new InvoiceRepository(db);
    }

    @Bean
    ProfileRepository billingProfileRepository(DSLContext db) {
        return new ProfileRepository(db);
    }

    @Bean
    InvoicePdf invoicePdf(SellerProperties seller, ObjectProvider<ConsoleLinks> links, BillingProperties settings) {
        return new InvoicePdf(seller, links::getIfAvailable, settings.timeZone());
    }

    @Bean
    InvoiceMail invoiceMail(
            ProfileRepository profiles,
            MemberDirectory directory,
            ObjectProvider<OutboundMail> mail,
            ObjectProvider<ConsoleLinks> links,
            InvoicePdf pdf) {
        return new InvoiceMail(profiles, directory, mail::getIfAvailable, links::getIfAvailable, pdf);
    }

    @Bean
    InvoiceService invoices(
            InvoiceRepository invoices,
            ProfileRepository profiles,
            ConsoleContext context,
            MemberDirectory directory,
            ObjectProvider<PaymentProvider> payments,
            ObjectProvider<Ledger> ledger,
            ObjectProvider<Caps> caps,
            ObjectProvider<ConsoleLinks> links,
            AuditLog audit,
            InvoiceMail mail,
            InvoicePdf pdf,
            ObjectProvider<Clock> clock,
            BillingProperties settings) {
        return new InvoiceService(
                invoices,
                profiles,
                context,
                directory,
                payments::getObject,
                ledger::getObject,
                caps::getIfAvailable,
                links::getObject,
                audit,
                mail,
                pdf,
                clock.getIfAvailable(Clock::systemUTC),
                settings);
    }

    @Bean
    TopUpService topUps(
            InvoiceService invoices,
            ConsoleContext context,
            AuditLog audit,
            ObjectProvider<Clock> clock,
            BillingProperties settings) {
        return new TopUpService(invoices, context, audit, clock.getIfAvailable(Clock::systemUTC), settings);
    }

    @Bean
    BillingProfileService billingProfiles(
            ProfileRepository profiles,
            InvoiceRepository accounts,
            ConsoleContext context,
            MemberDirectory directory,
            ObjectProvider<Ledger> ledger,
            ObjectProvider<OutboundMail> mail,
            ObjectProvider<ConsoleLinks> links,
            AuditLog audit,
            ObjectProvider<Clock> clock,
            BillingProperties settings) {
        return new BillingProfileService(
                profiles,
                accounts,
                context,
                directory,
                ledger::getObject,
                mail::getIfAvailable,
                links::getIfAvailable,
                audit,
                clock.getIfAvailable(Clock::systemUTC),
                settings);
    }

    @Bean
    BillingOperationsService billingOperations(InvoiceService invoices, BillingProfileService profiles) {
        return new BillingOperationsService(invoices, profiles);
    }
}
