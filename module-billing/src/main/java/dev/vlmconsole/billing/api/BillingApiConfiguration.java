package dev.vlmconsole.billing.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Beans of the Billing and usage API: usage ingestion for the platform's gateway, the workspace's
 * billing and its invoices for admin keys, and operators' credit adjustments for platform keys of scope
 * {@code operator}. The controllers use the billing services only (which check
 * permissions, audit and open the transactions), and {@link BillingJson} for money and credits.
 */
@Configuration(proxyBeanMethods = false)
@Import({
    UsageApiController.class,
    BillingApiController.class,
    InvoicesApiController.class,
    OperatorCreditsApiController.class
})
public class BillingApiConfiguration {}
