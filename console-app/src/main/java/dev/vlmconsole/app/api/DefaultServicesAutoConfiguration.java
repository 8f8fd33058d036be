package dev.vlmconsole.app.api;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.api.services.UsageTotals;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
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
    EntitlementService defaultEntitlements(
            @Value("${console.plans.payg.rate-limit:10}") long limit,
            @Value("${console.plans.payg.rate-period:PT1M}") Duration period) {
        Entitlements payg = limit == Entitlements.PAY_AS_YOU_GO.requestsAllowed() && period.equals(Entitlements.PAY_AS_YOU_GO.period())
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

    /** Without a keys module no bearer token is valid: every machine-API call is answered 401. */
    @Bean
    @ConditionalOnMissingBean
    ApiKeyAuthenticator noKeys() {
        return token -> Optional.empty();
    }
}
