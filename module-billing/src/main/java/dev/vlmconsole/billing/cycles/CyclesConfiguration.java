package dev.vlmconsole.billing.cycles;

import org.springframework.context.annotation.Configuration;

/** Beans of the cycle close, once per cycle across nodes. */
@Configuration(proxyBeanMethods = false)
public class CyclesConfiguration {}
