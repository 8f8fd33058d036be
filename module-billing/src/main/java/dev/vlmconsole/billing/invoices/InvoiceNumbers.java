package dev.vlmconsole.billing.invoices;

import java.util.regex.Pattern;

/**
 * Invoice numbers: {@code INV-<year>-<6 digits>}, one gapless sequence per calendar year of issue (in
 * the billing time zone) for the whole install. A year with more than 999,999 invoices grows a digit.
 *
 * @see "DD023, docs/decisions/DD023-invoices-numbering-and-payment.md"
 */
public final class InvoiceNumbers {

    /** What every number looks like. */
    public static final Pattern PATTERN = Pattern.compile("INV-\\d{4}-\\d{6,}");

    private InvoiceNumbers() {}

    /** The {@code n}th number of {@code year}, such as {@code INV-2026-000001}. */
    public static String format(int year, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("Invoice numbers start at 1, not " + n);
        }
        return String.format("%s%06d", prefix(year), n);
    }

    /** {@code INV-<year>-}. */
    public static String prefix(int year) {
        return "INV-" + year + "-";
    }

    /** The position of {@code number} in its year's sequence. */
    public static long sequenceOf(String number) {
        if (!PATTERN.matcher(number).matches()) {
            throw new IllegalArgumentException("Not an invoice number: " + number);
        }
        return Long.parseLong(number.substring(9));
    }
}
