package dev.vlmconsole.billing.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.vlmconsole.billing.usage.UsageReports.Day;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart's SVG, a pure function of the days. */
class CreditChartTest {

    static final LocalDate FIRST = LocalDate.of(2026, 11, 1);

    @Test
    void each_day_has_one_bar_and_one_title_with_its_credits_and_requests() {
        List<Day> days = days(30);
        days.set(4, new Day(FIRST.plusDays(4), 12, new BigDecimal("1234.5")));

        String svg = CreditChart.svg(days);

        assertThat(count(svg, "class=\"billing-chart-bar\"")).isEqualTo(30);
        assertThat(count(svg, "<title>")).isEqualTo(30);
        assertThat(svg)
                .contains("<title>5 Nov 2026: 1,234.5 credits, 12 requests</title>")
                .contains("<title>1 Nov 2026: 0 credits, 0 requests</title>");
    }

    @Test
    void bars_are_as_tall_as_their_share_of_a_round_axis_top() {
        List<Day> days = days(2);
        days.set(0, new Day(FIRST, 1, new BigDecimal("1500")));
        days.set(1, new Day(FIRST.plusDays(1), 1, new BigDecimal("750")));

        List<Double> heights = barHeights(CreditChart.svg(days));

        // the axis tops at 2,000: the bars are 3/4 and 3/8 of the plot's height
        assertThat(heights.get(0) / heights.get(1)).isCloseTo(2.0, offset(0.001));
        double plot = CreditChart.HEIGHT - 12 - 28;
        assertThat(heights.get(0)).isCloseTo(plot * 0.75, offset(0.1));
        assertThat(CreditChart.svg(days)).contains(">2,000<", ">1,000<", ">0<");
    }

    @Test
    void a_day_without_usage_draws_no_bar_but_answers_the_hover() {
        String svg = CreditChart.svg(days(3));

        assertThat(barHeights(svg)).containsOnly(0.0);
        assertThat(count(svg, "class=\"billing-chart-hit\"")).isEqualTo(3);
    }

    @Test
    void a_tiny_day_next_to_a_big_one_still_shows() {
        List<Day> days = days(2);
        days.set(0, new Day(FIRST, 1, new BigDecimal("1000000")));
        days.set(1, new Day(FIRST.plusDays(1), 1, new BigDecimal("0.000001")));

        assertThat(barHeights(CreditChart.svg(days)).get(1)).isEqualTo(1.5);
    }

    @Test
    void the_x_axis_labels_the_first_and_last_day_and_a_few_between() {
        String svg = CreditChart.svg(days(90));

        assertThat(svg).contains(">1 Nov<", ">29 Jan<");
        assertThat(count(svg, "text-anchor=\"middle\"")).isEqualTo(4);
    }

    @Test
    void screen_readers_hear_the_range_the_total_and_the_busiest_day() {
        List<Day> days = days(3);
        days.set(1, new Day(FIRST.plusDays(1), 4, new BigDecimal("40")));
        days.set(2, new Day(FIRST.plusDays(2), 1, new BigDecimal("2")));

        assertThat(CreditChart.svg(days))
                .contains("role=\"img\"")
                .contains("aria-label=\"Credits per day, 1 Nov 2026 – 3 Nov 2026: 42 credits in all,"
                        + " most on 2 Nov 2026 (40 credits)\"");
    }

    @Test
    void no_days_make_an_empty_chart_without_failing() {
        String svg = CreditChart.svg(List.of());

        assertThat(svg).startsWith("<svg").endsWith("</svg>").doesNotContain("<title>");
    }

    @Test
    void the_axis_top_is_one_two_or_five_times_a_power_of_ten() {
        assertThat(CreditChart.niceCeiling(BigDecimal.ZERO)).isEqualByComparingTo("1");
        assertThat(CreditChart.niceCeiling(new BigDecimal("1"))).isEqualByComparingTo("1");
        assertThat(CreditChart.niceCeiling(new BigDecimal("7"))).isEqualByComparingTo("10");
        assertThat(CreditChart.niceCeiling(new BigDecimal("0.3"))).isEqualByComparingTo("0.5");
        assertThat(CreditChart.niceCeiling(new BigDecimal("1234.5"))).isEqualByComparingTo("2000");
        assertThat(CreditChart.niceCeiling(new BigDecimal("100000"))).isEqualByComparingTo("100000");
        assertThat(CreditChart.niceCeiling(new BigDecimal("100000.000001"))).isEqualByComparingTo("200000");
    }

    @Test
    void text_is_escaped() {
        assertThat(CreditChart.escape("<a href=\"x\">&</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }

    private static List<Day> days(int n) {
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            days.add(new Day(FIRST.plusDays(i), 0, BigDecimal.ZERO));
        }
        return days;
    }

    private static List<Double> barHeights(String svg) {
        Matcher m = Pattern.compile("class=\"billing-chart-bar\"[^>]* height=\"([0-9.]+)\"")
                .matcher(svg);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
