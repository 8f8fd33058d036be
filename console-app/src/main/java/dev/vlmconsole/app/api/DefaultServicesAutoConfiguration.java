package dev.vlmconsole.app.api;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.MembershipPolicy;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.api.services.UsageTotals;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.payments.OfflinePaymentProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The defaults of the module-api services, used when no module provides one. Ordered after every
 * other auto-configuration so that a module's own bean always wins.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public class DefaultServicesAutoConfiguration {

    /**
     * Without a billing module every workspace is on pay-as-you-go with credits available; an
     * install may change its limit with {@code console.plans.payg.rate-limit} (requests) and
     * {@code console.plans.payg.rate-period} (ISO-8601 duration).
     */
    @Bean
    @ConditionalOnMissingBean
    EntitlementService defaultEntitlements(ConsoleProperties settings) {
        long limit = settings.plans().payg().rateLimit();
        Duration period = settings.plans().payg().ratePeriod();
        Entitlements payg = limit == Entitlements.PAY_AS_YOU_GO.requestsAllowed()
                        && period.equals(Entitlements.PAY_AS_YOU_GO.period())
                ? Entitlements.PAY_AS_YOU_GO
                : new Entitlements("payg", "Pay-as-you-go", limit, period, true);
        return workspaceId -> payg;
    }

    /** Without a billing module nothing records usage, so there is none. */
    @Bean
    @ConditionalOnMissingBean
    UsageQueries noUsage() {
        return new UsageQueries() {
            @Override
            public Map<UUID, UsageTotals> totalsByKey(UUID workspaceId, LocalDate from, LocalDate to) {
                return Map.of();
            }

            @Override
            public List<DailyUsage> daily(UUID workspaceId, UUID keyId, LocalDate from, LocalDate to) {
                return List.of();
            }
        };
    }

    /** Without a module that manages memberships elsewhere, people manage them in the console. */
    @Bean
    @ConditionalOnMissingBean
    MembershipPolicy membershipsManagedHere() {
        return workspaceId -> Optional.empty();
    }

    /**
     * Without a payment module, payments are made offline: the credits are granted at once and the
     * invoice is due in {@code console.payments.offline-due-days} days (DD011).
     */
    @Bean
    @ConditionalOnMissingBean
    PaymentProvider offlinePayments(ConsoleProperties settings, ObjectProvider<Clock> clock) {
        return new OfflinePaymentProvider(settings.payments().offlineDueDays(), clock.getIfAvailable(Clock::systemUTC));
    }

    /** Without a keys module no bearer token is valid: every machine-API call is answered 401. */
    @Bean
    @ConditionalOnMissingBean
    ApiKeyAuthenticator noKeys() {
        return token -> Optional.empty();
    }
}
