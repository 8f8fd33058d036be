package dev.vlmconsole.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The billing module's settings, {@code console.billing.*}: the plans and their prices, the top-up
 * packs, the currency and the billing time zone. Checked at start-up: a value out of range stops the
 * start with a message naming the setting. The README's configuration table describes each one.
 *
 * @param currency         ISO 4217 code of every price and invoice ({@code USD})
 * @param timeZone         the zone whose calendar months are the billing cycles and whose days the
 *                         rollups and the chart use ({@code UTC})
 * @param signupCredits    credits granted once per workspace when it is created (100)
 * @param signupCreditsTtl how long the sign-up grant lasts; empty: it does not expire
 * @param payg             Pay-as-you-go
 * @param pro              Pro
 * @param enterprise       Enterprise defaults, until operators set a workspace's own terms
 * @param packs            top-up packs offered on the Billing page
 * @param alertThresholds  default alert thresholds in percent of the spending limit
 * @param salesEmail       where "Contact sales" requests are mailed; empty: stored only
 * @param ingestRetention  how long ingested event ids are kept to recognise replays (at least 35 days)
 */
@ConfigurationProperties("console.billing")
public record BillingProperties(
        @DefaultValue("USD") Currency currency,
        @DefaultValue("UTC") ZoneId timeZone,
        @DefaultValue("100") BigDecimal signupCredits,
        @Nullable Duration signupCreditsTtl,
        @DefaultValue Payg payg,
        @DefaultValue Pro pro,
        @DefaultValue Enterprise enterprise,
        @Nullable List<Pack> packs,
        @DefaultValue({"50", "80", "100"}) List<Integer> alertThresholds,
        @DefaultValue("") String salesEmail,
        @DefaultValue("P40D") Duration ingestRetention) {

    /** The packs offered when none are configured. */
    public static final List<Pack> DEFAULT_PACKS = List.of(
            new Pack("credits-10k", new BigDecimal("10000"), new BigDecimal("100")),
            new Pack("credits-50k", new BigDecimal("50000"), new BigDecimal("475")),
            new Pack("credits-250k", new BigDecimal("250000"), new BigDecimal("2250")));

    public BillingProperties {
        check(signupCredits.signum() >= 0, "console.billing.signup-credits", "0 or more", signupCredits);
        check(
                ingestRetention.compareTo(Duration.ofDays(35)) >= 0,
                "console.billing.ingest-retention",
                "at least P35D",
                ingestRetention);
        for (Integer t : alertThresholds) {
            check(t != null && t > 0 && t <= 1000, "console.billing.alert-thresholds", "1 to 1000 (percent)", t);
        }
        packs = packs == null || packs.isEmpty() ? DEFAULT_PACKS : List.copyOf(packs);
        alertThresholds = alertThresholds.stream().sorted().distinct().toList();
    }

    /**
     * Pay-as-you-go: every credit beyond the sign-up grant and top-ups is billed monthly.
     *
     * @param pricePerCredit price of one credit (0.01)
     * @param rateLimit      requests per {@code ratePeriod} (10)
     * @param ratePeriod     rate-limit window (one minute)
     */
    public record Payg(
            @DefaultValue("0.01") BigDecimal pricePerCredit,
            @DefaultValue("10") long rateLimit,
            @DefaultValue("PT1M") Duration ratePeriod) {

        public Payg {
            check(pricePerCredit.signum() >= 0, "console.billing.payg.price-per-credit", "0 or more", pricePerCredit);
            check(rateLimit > 0, "console.billing.payg.rate-limit", "more than 0", rateLimit);
            check(ratePeriod.isPositive(), "console.billing.payg.rate-period", "a positive duration", ratePeriod);
        }
    }

    /**
     * Pro: a monthly fee with an allowance of credits per cycle; usage beyond it is overage.
     *
     * @param monthlyFee     fee per cycle (799)
     * @param allowance      credits per cycle (100,000)
     * @param overagePrice   price of one credit beyond the allowance (0.008)
     * @param rateLimit      requests per {@code ratePeriod} (100)
     * @param ratePeriod     rate-limit window (one minute)
     */
    public record Pro(
            @DefaultValue("799") BigDecimal monthlyFee,
            @DefaultValue("100000") BigDecimal allowance,
            @DefaultValue("0.008") BigDecimal overagePrice,
            @DefaultValue("100") long rateLimit,
            @DefaultValue("PT1M") Duration ratePeriod) {

        public Pro {
            check(monthlyFee.signum() >= 0, "console.billing.pro.monthly-fee", "0 or more", monthlyFee);
            check(allowance.signum() >= 0, "console.billing.pro.allowance", "0 or more", allowance);
            check(overagePrice.signum() >= 0, "console.billing.pro.overage-price", "0 or more", overagePrice);
            check(rateLimit > 0, "console.billing.pro.rate-limit", "more than 0", rateLimit);
            check(ratePeriod.isPositive(), "console.billing.pro.rate-period", "a positive duration", ratePeriod);
        }
    }

    /**
     * Enterprise defaults: the terms a workspace has on Enterprise until operators set its own.
     *
     * @param monthlyFee     fee per cycle
     * @param allowance      credits per cycle
     * @param pricePerCredit price of one credit beyond the allowance
     * @param rateLimit      requests per {@code ratePeriod}
     * @param ratePeriod     rate-limit window
     */
    public record Enterprise(
            @DefaultValue("5000") BigDecimal monthlyFee,
            @DefaultValue("1000000") BigDecimal allowance,
            @DefaultValue("0.006") BigDecimal pricePerCredit,
            @DefaultValue("1000") long rateLimit,
            @DefaultValue("PT1M") Duration ratePeriod) {

        public Enterprise {
            check(monthlyFee.signum() >= 0, "console.billing.enterprise.monthly-fee", "0 or more", monthlyFee);
            check(allowance.signum() >= 0, "console.billing.enterprise.allowance", "0 or more", allowance);
            check(
                    pricePerCredit.signum() >= 0,
                    "console.billing.enterprise.price-per-credit",
                    "0 or more",
                    pricePerCredit);
            check(rateLimit > 0, "console.billing.enterprise.rate-limit", "more than 0", rateLimit);
            check(ratePeriod.isPositive(), "console.billing.enterprise.rate-period", "a positive duration", ratePeriod);
        }
    }

    /**
     * A top-up pack: credits that do not expire, for a price.
     *
     * @param id      stable id, such as {@code credits-10k}
     * @param credits credits granted
     * @param price   its price in {@link #currency()}
     */
    public record Pack(String id, BigDecimal credits, BigDecimal price) {

        public Pack {
            check(
                    id != null && id.matches("[a-z0-9][a-z0-9-]{0,39}"),
                    "console.billing.packs[].id",
                    "lower-case letters, digits and hyphens",
                    id);
            check(credits != null && credits.signum() > 0, "console.billing.packs[].credits", "more than 0", credits);
            check(price != null && price.signum() > 0, "console.billing.packs[].price", "more than 0", price);
        }
    }

    private static void check(boolean ok, String setting, String expected, @Nullable Object actual) {
        if (!ok) {
            throw new IllegalArgumentException(setting + " must be " + expected + ", not " + actual);
        }
    }
}
