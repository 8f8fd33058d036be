package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Building invoice lines and rounding what is charged: an amount that is paid is whole minor units of
 * its currency, rounded half-even (banker's rounding, unbiased over many lines). Prices per credit
 * keep their digits; only line amounts, the tax and the totals are rounded.
 */
public final class InvoiceLines {

    private InvoiceLines() {}

    /** A line of {@code quantity} × {@code unitPrice}, its amount rounded to minor units. */
    public static Invoices.Line line(String description, BigDecimal quantity, Money unitPrice) {
        return new Invoices.Line(description, quantity, unitPrice, charged(unitPrice.times(quantity)));
    }

    /** {@code amount} rounded half-even to its currency's minor unit. */
    public static Money charged(Money amount) {
        return new Money(amount.amount().setScale(minorDigits(amount), RoundingMode.HALF_EVEN), amount.currency());
    }

    /** {@code percent} % of {@code subtotal}, rounded half-even to minor units. */
    public static Money tax(Money subtotal, BigDecimal percent) {
        return charged(new Money(subtotal.amount().multiply(percent).movePointLeft(2), subtotal.currency()));
    }

    static int minorDigits(Money money) {
        return Math.max(money.currency().getDefaultFractionDigits(), 0);
    }
}
