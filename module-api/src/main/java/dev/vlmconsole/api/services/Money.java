package dev.vlmconsole.api.services;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money in one currency: never a {@code double}. The amount keeps every digit it
 * was given and is shown with at least the currency's minor digits ({@code 12.3 USD} is
 * {@code 12.30 USD}), so that two equal amounts are {@link #equals equal}; prices per credit may
 * carry more digits ({@code 0.0015 USD}), amounts that are paid are whole minor units
 * ({@link #minorUnits()}).
 *
 * @param amount   the amount in major units, such as {@code 12.34} dollars; may be negative (a credit)
 * @param currency its ISO 4217 currency
 * @since 1.1
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int minorDigits = Math.max(currency.getDefaultFractionDigits(), 0);
        BigDecimal stripped = amount.stripTrailingZeros();
        amount = stripped.scale() < minorDigits ? stripped.setScale(minorDigits) : stripped;
    }

    /**
     * Parses {@code amount} (a plain decimal such as {@code 12.34}) in the currency of ISO code
     * {@code currencyCode} (such as {@code USD}).
     *
     * @throws IllegalArgumentException when either is not valid
     */
    public static Money of(String amount, String currencyCode) {
        try {
            return new Money(new BigDecimal(amount.trim()), Currency.getInstance(currencyCode.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not an amount: " + amount, e);
        }
    }

    /** Nothing, in {@code currency}. */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** This plus {@code other}, exactly; both in the same currency. */
    public Money plus(Money other) {
        return new Money(amount.add(sameCurrency(other).amount), currency);
    }

    /** This minus {@code other}, exactly; both in the same currency. */
    public Money minus(Money other) {
        return new Money(amount.subtract(sameCurrency(other).amount), currency);
    }

    /** This times {@code factor} (a quantity of credits, say), exactly. */
    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    /** Whether the amount is zero. */
    public boolean isZero() {
        return amount.signum() == 0;
    }

    /**
     * The amount in minor units (cents for USD), as payment services count.
     *
     * @throws ArithmeticException when it is finer than one minor unit (round it first, as the
     *                             caller's rules say) or too large for a {@code long}
     */
    public long minorUnits() {
        return amount.movePointRight(Math.max(currency.getDefaultFractionDigits(), 0))
                .longValueExact();
    }

    /** Such as {@code 12.30 USD}. */
    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
        }
        return other;
    }
}
