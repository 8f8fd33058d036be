package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How invoices write amounts, quantities and dates (English, as the console's pages). */
final class InvoiceFormat {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private InvoiceFormat() {}

    /** {@code 1,234.50 USD}: at least the currency's minor digits, more when a price has them. */
    static String money(Money money) {
        return number(money.amount(), InvoiceLines.minorDigits(money)) + " "
                + money.currency().getCurrencyCode();
    }

    /** {@code 10,000} or {@code 1,234.5}: the digits it has. */
    static String quantity(BigDecimal quantity) {
        return number(quantity, 0);
    }

    static String day(LocalDate day) {
        return DAY.format(day);
    }

    /** {@code 1–30 November 2026}, {@code 15 November – 14 December 2026}, or two full dates. */
    static String period(LocalDate start, LocalDate end) {
        if (start.equals(end)) {
            return day(start);
        }
        if (start.getYear() != end.getYear()) {
            return day(start) + " – " + day(end);
        }
        if (start.getMonth() != end.getMonth()) {
            return DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH).format(start) + " – " + day(end);
        }
        return start.getDayOfMonth() + "–" + day(end);
    }

    private static String number(BigDecimal value, int minDigits) {
        BigDecimal v = value.stripTrailingZeros();
        int digits = Math.max(minDigits, Math.max(v.scale(), 0));
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        f.setParseBigDecimal(true);
        return f.format(v);
    }
}
