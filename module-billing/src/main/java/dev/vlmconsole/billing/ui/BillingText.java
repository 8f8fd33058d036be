package dev.vlmconsole.billing.ui;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.plans.Plan;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Billing pages' words for money, credits, days and refused changes, in one place (the operators'
 * billing pages use them too).
 */
public final class BillingText {

    private static final Logger log = LoggerFactory.getLogger(BillingText.class);

    /** Such as "1 Dec 2026". */
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    /** Such as "5 Nov": the chart's axis. */
    static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    /** Such as "2026-12-01": grids, where days line up. */
    public static final DateTimeFormatter ISO_DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private BillingText() {}

    /**
     * Such as "$1,234.50", "$0.008" (a price per credit keeps its digits) or "-$5.00"; a currency
     * without a symbol in English shows its code ("CHF 12.00").
     */
    public static String money(Money money) {
        Currency currency = money.currency();
        int minor = Math.max(currency.getDefaultFractionDigits(), 0);
        BigDecimal amount = money.amount();
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        f.setMinimumFractionDigits(minor);
        f.setMaximumFractionDigits(Math.max(minor, amount.stripTrailingZeros().scale()));
        f.setParseBigDecimal(true);
        String symbol = currency.getSymbol(Locale.US);
        String prefix = symbol.equals(currency.getCurrencyCode()) ? symbol + " " : symbol;
        return (amount.signum() < 0 ? "-" : "") + prefix + f.format(amount.abs());
    }

    /** Credits with grouping and only the fractional digits they have: "100,000", "1,234.5". */
    public static String credits(BigDecimal credits) {
        DecimalFormat f = new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.US));
        f.setParseBigDecimal(true);
        return f.format(credits);
    }

    /** "1 credit", "1,234.5 credits". */
    public static String creditsWord(BigDecimal credits) {
        return credits(credits) + (credits.compareTo(BigDecimal.ONE) == 0 ? " credit" : " credits");
    }

    /**
     * A decimal number as typed ("250", "1,000.50"), or null when empty.
     *
     * @throws InvalidInputException naming {@code field} when it is not a number
     */
    public static @Nullable BigDecimal amount(String field, String typed) {
        String s = typed.strip().replace(",", "").replace("_", "");
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(field, "Enter a number such as 250 or 99.50.");
        }
    }

    public static String day(LocalDate day) {
        return DAY.format(day);
    }

    /** A period of days, both inclusive: "1 Nov 2026 – 30 Nov 2026", or one day. */
    public static String period(LocalDate first, LocalDate last) {
        return first.equals(last) ? day(first) : day(first) + " – " + day(last);
    }

    /** "10 requests/minute", "1,000 requests/hour", "5 requests per 30 seconds". */
    public static String rate(Plan plan) {
        String n = credits(BigDecimal.valueOf(plan.rateLimit())) + (plan.rateLimit() == 1 ? " request" : " requests");
        Duration p = plan.ratePeriod();
        if (p.equals(Duration.ofSeconds(1))) {
            return n + "/second";
        }
        if (p.equals(Duration.ofMinutes(1))) {
            return n + "/minute";
        }
        if (p.equals(Duration.ofHours(1))) {
            return n + "/hour";
        }
        if (p.equals(Duration.ofDays(1))) {
            return n + "/day";
        }
        return n + " per " + plural(p.toSeconds(), "second");
    }

    /** What a plan costs, in a few words: "$799.00 a month", "$0.01 per credit". */
    static String price(Plan plan) {
        return plan.monthlyFee().isZero()
                ? money(plan.pricePerCredit()) + " per credit"
                : money(plan.monthlyFee()) + " a month";
    }

    /** The credits a plan includes: "100,000 credits a month", "100 free credits at sign-up". */
    static String allowance(Plan plan, BigDecimal signupCredits) {
        if (plan.allowance().signum() > 0) {
            return creditsWord(plan.allowance()) + " a month";
        }
        return signupCredits.signum() > 0
                ? credits(signupCredits) + " free credits at sign-up, then pay as you go"
                : "No credits included: pay as you go";
    }

    /** What a credit beyond the included ones costs, with volume tiers: "Then $0.008 per credit". */
    static String perCredit(Plan plan) {
        StringBuilder s = new StringBuilder(
                plan.monthlyFee().isZero() && plan.allowance().signum() == 0
                        ? "Billed monthly on usage: " + money(plan.pricePerCredit()) + " per credit"
                        : "Then " + money(plan.pricePerCredit()) + " per credit");
        for (Plan.Tier tier : plan.tiers()) {
            s.append("; from ")
                    .append(creditsWord(tier.fromCredits()))
                    .append(": ")
                    .append(money(tier.pricePerCredit()));
        }
        return s.toString();
    }

    /** "in 5 days", "in 3 hours", "in 12 minutes", "now". */
    static String until(Instant then, Instant now) {
        if (!then.isAfter(now)) {
            return "now";
        }
        Duration d = Duration.between(now, then);
        if (d.toHours() >= 24) {
            // rounded down: "in 1 day" until it is less, then hours
            return "in " + plural(d.toDays(), "day");
        }
        if (d.toMinutes() >= 60) {
            return "in " + plural(d.toHours(), "hour");
        }
        return "in " + plural(Math.max(1, d.toMinutes()), "minute");
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /**
     * Why a change did not happen, in plain words, such as "The plan was not changed: only Owners and
     * Billing members change billing." Field errors belong at their fields; this is for the rest.
     */
    static String refused(String what, RuntimeException ex) {
        return what + ": "
                + switch (ex) {
                    case WorkspaceSuspendedException e ->
                        "the workspace is suspended by the platform's operators"
                                + (e.reason().isBlank() ? "" : " (" + e.reason() + ")") + ". Only reading is allowed.";
                    case PermissionDeniedException e -> "only Owners and Billing members change billing.";
                    case InvalidInputException e -> e.getMessage();
                    case NoSuchElementException e -> "it no longer exists. Reload the page.";
                    default -> {
                        log.warn("{} failed", what, ex);
                        yield "something went wrong. Try again in a moment.";
                    }
                };
    }
}
