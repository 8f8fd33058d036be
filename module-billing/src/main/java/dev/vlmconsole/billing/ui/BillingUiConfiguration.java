package dev.vlmconsole.billing.ui;

import org.springframework.context.annotation.Configuration;

/**
 * Beans of the Billing page: none. The console registers {@link BillingView} from the module's
 * navigation entry and the dashboard makes {@link BillingCard}; Vaadin's Spring instantiator gives
 * both the billing services they take, which the other parts' configurations provide.
 */
@Configuration(proxyBeanMethods = false)
public class BillingUiConfiguration {}
