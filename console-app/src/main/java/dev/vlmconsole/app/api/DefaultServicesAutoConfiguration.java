package dev.vlmconsole.app.api;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.UsageQueries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            @org.springframework.beans.factory.annotation.Value("${console.plans.payg.rate-limit:10}") long limit,
            @org.springframework.beans.factory.annotation.Value("${console.plans.payg.rate-period:PT1M}") java.time.Duration period) {
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
            public Map<java.util.UUID, dev.vlmconsole.api.services.UsageTotals> totalsByKey(
                    java.util.UUID workspaceId, java.time.LocalDate from, java.time.LocalDate to) {
                return Map.of();
            }

            @Override
            public List<dev.vlmconsole.api.services.DailyUsage> daily(java.util.UUID workspaceId, java.util.UUID keyId,
                                                                    java.time.LocalDate from, java.time.LocalDate to) {
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
