package dev.vlmconsole.billing;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.billing.api.BillingApiConfiguration;
import dev.vlmconsole.billing.caps.CapsConfiguration;
import dev.vlmconsole.billing.cycles.CyclesConfiguration;
import dev.vlmconsole.billing.invoices.InvoicesConfiguration;
import dev.vlmconsole.billing.ledger.LedgerConfiguration;
import dev.vlmconsole.billing.operators.OperatorsConfiguration;
import dev.vlmconsole.billing.plans.PlansConfiguration;
import dev.vlmconsole.billing.ui.BillingUiConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Found by Spring Boot from this jar: contributes the Billing module to the console. */
@AutoConfiguration
@EnableConfigurationProperties(BillingProperties.class)
@Import({
    LedgerConfiguration.class,
    PlansConfiguration.class,
    CyclesConfiguration.class,
    CapsConfiguration.class,
    InvoicesConfiguration.class,
    OperatorsConfiguration.class,
    BillingUiConfiguration.class,
    BillingApiConfiguration.class
})
public class BillingAutoConfiguration {

    @Bean
    ConsoleModule billingModule() {
        return new BillingModule();
    }
}
