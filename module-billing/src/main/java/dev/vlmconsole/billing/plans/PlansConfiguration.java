package dev.vlmconsole.billing.plans;

import org.springframework.context.annotation.Configuration;

/** Beans of plans, subscriptions (plan changes, limits, budgets). */
@Configuration(proxyBeanMethods = false)
public class PlansConfiguration {}
