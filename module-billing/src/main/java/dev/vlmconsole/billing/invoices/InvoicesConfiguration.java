package dev.vlmconsole.billing.invoices;

import org.springframework.context.annotation.Configuration;

/** Beans of invoices, their PDF, top-ups, billing profiles and payments. */
@Configuration(proxyBeanMethods = false)
public class InvoicesConfiguration {}
