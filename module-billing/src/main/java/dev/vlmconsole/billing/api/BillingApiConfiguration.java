package dev.vlmconsole.billing.api;

import org.springframework.context.annotation.Configuration;

/** Beans of the Billing and usage API. */
@Configuration(proxyBeanMethods = false)
public class BillingApiConfiguration {}
