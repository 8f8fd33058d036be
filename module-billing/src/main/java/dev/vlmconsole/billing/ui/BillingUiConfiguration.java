package dev.vlmconsole.billing.ui;

import org.springframework.context.annotation.Configuration;

/** Beans of the Billing page. */
@Configuration(proxyBeanMethods = false)
public class BillingUiConfiguration {}
