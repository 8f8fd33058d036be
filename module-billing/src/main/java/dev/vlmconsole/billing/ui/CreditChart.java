package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import dev.vlmconsole.billing.usage.UsageReports.Day;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The daily credit chart: one bar per day, drawn on the server as SVG (no chart library in the
 * browser). Hovering a bar shows the day's credits and requests (its {@code <title>}); the y axis is
 * labelled in credits, the x axis with a few days. The markup holds only numbers and dates the
 * server made, escaped all the same. {@link #svg} is a pure function of the days.
 */
@StyleSheet(BillingView.STYLESHEET)
class CreditChart extends Div {

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 60;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final int X_LABELS = 6;

    CreditChart(List<Day> days) {
        addClassName("billing-chart");
        setWidthFull();
        getElement().setProperty("innerHTML", svg(days));
    }

    /** The chart of {@code days} (in order, one entry per day) as an SVG document fragment. */
    static String svg(List<Day> days) {
        BigDecimal max =
                days.stream().map(Day::credits).max(Comparator.naturalOrder()).orElse(BigDecimal.ZERO);
        BigDecimal top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, days.size());
        double barWidth = Math.max(1, slot * 0.72);

        StringBuilder b = new StringBuilder(256 + days.size() * 260);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"100%\" role=\"img\" aria-label=\"")
                .append(escape(summary(days)))
                .append("\">");

        // y axis: 0, half and the top, with light grid lines
        for (BigDecimal tick : List.of(BigDecimal.ZERO, half(top), top)) {
            double y = TOP + plotHeight - tick.doubleValue() / top.doubleValue() * plotHeight;
            b.append(format(
                    "<line class=\"billing-chart-grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>",
                    LEFT, y, WIDTH - RIGHT, y));
            b.append(format(
                    "<text class=\"billing-chart-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\""
                            + " fill=\"#5b6470\">%s</text>",
                    LEFT - 6, y + 4, escape(BillingText.credits(tick))));
        }

        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            double h = d.credits().signum() <= 0
                    ? 0
                    : Math.max(1.5, d.credits().doubleValue() / top.doubleValue() * plotHeight);
            double x = LEFT + i * slot;
            b.append("<g class=\"billing-chart-day\"><title>")
                    .append(escape(BillingText.day(d.day()) + ": " + BillingText.creditsWord(d.credits()) + ", "
                            + BillingText.plural(d.requests(), "request")))
                    .append("</title>");
            // the whole column answers the hover, so that a day without usage shows its zero too
            b.append(format(
                    "<rect class=\"billing-chart-hit\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\""
                            + " fill=\"transparent\"/>",
                    x, TOP, slot, plotHeight));
            b.append(format(
                    "<rect class=\"billing-chart-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"1.5\""
                            + " fill=\"#3b6fd8\"/>",
                    x + (slot - barWidth) / 2, TOP + plotHeight - h, barWidth, h));
            b.append("</g>");
        }

        // x axis: the first and last day and a few between
        TreeSet<Integer> labelled = new TreeSet<>();
        if (!days.isEmpty()) {
            int last = days.size() - 1;
            for (int k = 0; k < X_LABELS; k++) {
                labelled.add((int) Math.round((double) k * last / (X_LABELS - 1)));
            }
        }
        for (int i : labelled) {
            String anchor = i == 0 ? "start" : i == days.size() - 1 ? "end" : "middle";
            double x = i == 0 ? LEFT : i == days.size() - 1 ? WIDTH - RIGHT : LEFT + (i + 0.5) * slot;
            b.append(format(
                    "<text class=\"billing-chart-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" font-size=\"11\""
                            + " fill=\"#5b6470\">%s</text>",
                    x,
                    HEIGHT - 8,
                    anchor,
                    escape(BillingText.SHORT_DAY.format(days.get(i).day()))));
        }
        return b.append("</svg>").toString();
    }

    /** What the chart shows, for screen readers: its days, its total and its busiest day. */
    static String summary(List<Day> days) {
        if (days.isEmpty()) {
            return "Credits per day: no days";
        }
        BigDecimal total = days.stream().map(Day::credits).reduce(BigDecimal.ZERO, BigDecimal::add);
        Day busiest = days.stream().max(Comparator.comparing(Day::credits)).orElseThrow();
        return "Credits per day, "
                + BillingText.period(days.getFirst().day(), days.getLast().day()) + ": "
                + BillingText.creditsWord(total) + " in all"
                + (busiest.credits().signum() > 0
                        ? ", most on " + BillingText.day(busiest.day()) + " ("
                                + BillingText.creditsWord(busiest.credits()) + ")"
                        : "");
    }

    /** The smallest of 1, 2, 5 × 10ⁿ that is at least {@code max} (1 for nothing): a round axis top. */
    static BigDecimal niceCeiling(BigDecimal max) {
        if (max.signum() <= 0) {
            return BigDecimal.ONE;
        }
        BigDecimal m = max.stripTrailingZeros();
        int exponent = m.precision() - m.scale() - 1;
        BigDecimal magnitude = BigDecimal.ONE.scaleByPowerOfTen(exponent);
        for (int factor : new int[] {1, 2, 5, 10}) {
            BigDecimal candidate = magnitude.multiply(BigDecimal.valueOf(factor));
            if (candidate.compareTo(max) >= 0) {
                return candidate.stripTrailingZeros();
            }
        }
        throw new IllegalStateException("unreachable: 10 × 10ⁿ ≥ max");
    }

    private static BigDecimal half(BigDecimal top) {
        return top.divide(BigDecimal.valueOf(2), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
