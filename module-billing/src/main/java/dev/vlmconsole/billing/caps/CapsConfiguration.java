package dev.vlmconsole.billing.caps;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.plans.PlanCatalog;
import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Beans of caps, alerts and the entitlements verification reads. The {@link EntitlementCache} is the
 * install's {@link dev.vlmconsole.api.services.EntitlementService}: the console's default (every
 * workspace on Pay-as-you-go) steps aside for it.
 *
 * <p>How long cached entitlements may be served while the change feed is interrupted is the keys
 * module's own bound on cached key states, {@code console.keys.max-staleness} (60 s), and an
 * on-demand read waits at most {@code console.keys.read-timeout} (1 s): verification then never trusts
 * a workspace's credits for longer than it trusts its keys (DD022).
 */
@Configuration(proxyBeanMethods = false)
public class CapsConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    EntitlementCache billingEntitlements(
            DSLContext db,
            PlatformTransactionManager transactions,
            PlanCatalog plans,
            ChangeFeed feed,
            ObjectProvider<Clock> clock,
            @Value("${console.keys.max-staleness:PT60S}") Duration maxStaleness,
            @Value("${console.keys.read-timeout:PT1S}") Duration readTimeout) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new EntitlementCache(
                db, readOnly, plans, feed, clock.getIfAvailable(Clock::systemUTC), maxStaleness, readTimeout);
    }

    /** The console's services are looked up on use: the console provides them, whatever the bean order. */
    @Bean
    CapsService caps(
            DSLContext db,
            PlanCatalog plans,
            EntitlementCache entitlements,
            ChangeFeed feed,
            ObjectProvider<MemberDirectory> members,
            ObjectProvider<OutboundMail> mail,
            ObjectProvider<ConsoleLinks> links,
            BillingProperties settings,
            ObjectProvider<Clock> clock) {
        return new CapsService(
                db,
                plans,
                entitlements,
                feed,
                members::getObject,
                mail::getObject,
                links::getObject,
                settings.currency(),
                clock.getIfAvailable(Clock::systemUTC));
    }
}
