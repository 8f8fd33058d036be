package dev.vlmconsole.billing.caps;

import org.springframework.context.annotation.Configuration;

/** Beans of caps, alerts and the entitlements verification reads. */
@Configuration(proxyBeanMethods = false)
public class CapsConfiguration {}
