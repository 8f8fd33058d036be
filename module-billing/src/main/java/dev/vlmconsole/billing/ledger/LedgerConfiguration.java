package dev.vlmconsole.billing.ledger;

import org.springframework.context.annotation.Configuration;

/** Beans of the ledger, usage ingestion, rollups and usage queries. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {}
