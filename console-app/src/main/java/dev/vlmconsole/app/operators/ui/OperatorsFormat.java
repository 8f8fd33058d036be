package dev.vlmconsole.app.operators.ui;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How the operators' pages write times and credits. */
final class OperatorsFormat {

    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private OperatorsFormat() {}

    static String time(@Nullable Instant at, String none) {
        return at == null ? none : DAY_TIME.format(at);
    }

    static String day(Instant at) {
        return DAY.format(at);
    }

    /** Credits exactly, grouped: {@code 12,500}, {@code 0.125}. */
    static String credits(@Nullable BigDecimal credits) {
        if (credits == null) {
            return "";
        }
        DecimalFormat f = new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setParseBigDecimal(true);
        f.setMaximumFractionDigits(Math.max(0, credits.stripTrailingZeros().scale()));
        return f.format(credits);
    }
}
