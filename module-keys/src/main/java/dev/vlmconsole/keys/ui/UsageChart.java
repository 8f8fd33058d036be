package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import dev.vlmconsole.api.services.DailyUsage;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A small bar chart of daily requests, drawn on the server as SVG (no client-side chart library).
 * The markup holds only numbers and dates the server made.
 */
@StyleSheet(KeysView.STYLESHEET)
public class UsageChart extends Div {

    private static final int WIDTH = 600;
    private static final int HEIGHT = 120;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d");

    public UsageChart(List<DailyUsage> days) {
        addClassName("keys-usage-chart");
        setWidthFull();
        getElement().setProperty("innerHTML", svg(days));
    }

    static String svg(List<DailyUsage> days) {
        long max = Math.max(
                1, days.stream().mapToLong(d -> d.totals().requests()).max().orElse(0));
        double barWidth = (double) WIDTH / Math.max(1, days.size());
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT + 20)
                .append("\" width=\"100%\" role=\"img\" aria-label=\"Requests per day\">");
        b.append("<line x1=\"0\" y1=\"")
                .append(HEIGHT)
                .append("\" x2=\"")
                .append(WIDTH)
                .append("\" y2=\"")
                .append(HEIGHT)
                .append("\" stroke=\"#c8cdd4\"/>");
        for (int i = 0; i < days.size(); i++) {
            DailyUsage d = days.get(i);
            long n = d.totals().requests();
            double h = n == 0 ? 0 : Math.max(2, (double) n * (HEIGHT - 10) / max);
            b.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"#3b6fd8\"><title>%s: %d requests</title></rect>",
                    i * barWidth + 1,
                    HEIGHT - h,
                    Math.max(1, barWidth - 2),
                    h,
                    DAY.format(d.day()),
                    n));
        }
        if (!days.isEmpty()) {
            b.append("<text x=\"0\" y=\"")
                    .append(HEIGHT + 15)
                    .append("\" font-size=\"11\" fill=\"#5b6470\">")
                    .append(DAY.format(days.getFirst().day()))
                    .append("</text>");
            b.append("<text x=\"")
                    .append(WIDTH)
                    .append("\" y=\"")
                    .append(HEIGHT + 15)
                    .append("\" font-size=\"11\" fill=\"#5b6470\" text-anchor=\"end\">")
                    .append(DAY.format(days.getLast().day()))
                    .append("</text>");
            b.append("<text x=\"")
                    .append(WIDTH)
                    .append("\" y=\"10\" font-size=\"11\" fill=\"#5b6470\" text-anchor=\"end\">max ")
                    .append(max)
                    .append("/day</text>");
        }
        return b.append("</svg>").toString();
    }
}
