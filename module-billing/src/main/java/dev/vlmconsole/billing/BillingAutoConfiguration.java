package dev.vlmconsole.billing;

import dev.vlmconsole.api.ConsoleModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Found by Spring Boot from this jar: contributes the Billing module to the console. */
@AutoConfiguration
public class BillingAutoConfiguration {

    @Bean
    ConsoleModule billingModule() {
        return new BillingModule();
    }
}
