package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.usage.UsageReports;
import dev.vlmconsole.billing.usage.UsageReports.Day;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Daily credits for the last 30 or 90 days as a chart, filtered by key and by project, with the
 * shown range as a CSV download. Days are days of the billing time zone.
 */
class UsagePanel extends Div {

    /** A key to filter by: its id and how people know it. */
    record KeyOption(UUID id, String label) {}

    /** The range and filters the chart shows, and the CSV download exports. */
    record Shown(
            LocalDate from,
            LocalDate to,
            @Nullable UUID keyId,
            @Nullable String project) {}

    final Select<Integer> range = new Select<>();
    final ComboBox<KeyOption> key = new ComboBox<>("Key");
    final ComboBox<String> project = new ComboBox<>("Project");
    final Div chartBox = new Div();
    final Paragraph totals = new Paragraph();
    /** Streams the shown range as CSV; runs outside the session lock, so it reads only {@link #shown}. */
    final DownloadHandler csvDownload = this::writeCsv;

    private final UsageReports reports;
    private final Supplier<LocalDate> today;
    private volatile Shown shown;

    UsagePanel(UsageReports reports, List<KeyOption> keys, Supplier<LocalDate> today) {
        this.reports = reports;
        this.today = today;
        addClassName("billing-usage");
        range.setLabel("Days");
        range.setItems(30, 90);
        range.setItemLabelGenerator(n -> "Last " + n + " days");
        range.setValue(30);
        key.setItems(keys);
        key.setItemLabelGenerator(KeyOption::label);
        key.setPlaceholder("All keys");
        key.setClearButtonVisible(true);
        project.setItems(reports.projects());
        project.setPlaceholder("All projects");
        project.setClearButtonVisible(true);
        range.addValueChangeListener(e -> refresh());
        key.addValueChangeListener(e -> refresh());
        project.addValueChangeListener(e -> refresh());

        Anchor csv = new Anchor(csvDownload, "");
        Button csvButton = new Button("Download CSV", VaadinIcon.DOWNLOAD.create());
        csvButton.setTabIndex(-1); // the link takes the focus, once
        csv.add(csvButton);
        csv.getElement().setAttribute("download", true);
        csv.getElement().setAttribute("aria-label", "Download the shown days as CSV");
        csv.addClassName("billing-csv");

        FlexLayout bar = new FlexLayout(range, key, project, csv);
        bar.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.addClassName("billing-filters");
        chartBox.addClassName("billing-chart-box");
        totals.addClassName("billing-usage-totals");
        add(bar, chartBox, totals);
        refresh();
    }

    void refresh() {
        LocalDate to = today.get();
        int days = range.getValue() == null ? 30 : range.getValue();
        KeyOption k = key.getValue();
        Shown next = new Shown(to.minusDays(days - 1L), to, k == null ? null : k.id(), project.getValue());
        shown = next;
        chartBox.removeAll();
        List<Day> daily;
        try {
            daily = reports.daily(next.from(), next.to(), next.keyId(), next.project());
        } catch (RuntimeException ex) {
            Notifications.error(BillingText.refused("The usage could not be shown", ex));
            totals.setVisible(false);
            return;
        }
        BigDecimal credits = daily.stream().map(Day::credits).reduce(BigDecimal.ZERO, BigDecimal::add);
        long requests = daily.stream().mapToLong(Day::requests).sum();
        if (credits.signum() == 0 && requests == 0) {
            chartBox.add(new EmptyState(
                    VaadinIcon.BAR_CHART.create(),
                    "No usage in these days",
                    filtered(next)
                            ? "Nothing was used with this key or project in the last " + days + " days."
                            : "Credits your API keys use show here, day by day, as the platform reports them."));
            totals.setVisible(false);
        } else {
            chartBox.add(new CreditChart(daily));
            totals.setText(BillingText.creditsWord(credits) + " and " + BillingText.plural(requests, "request")
                    + " in the last " + days + " days"
                    + (filtered(next) ? " (filtered)" : "") + ".");
            totals.setVisible(true);
        }
    }

    private static boolean filtered(Shown s) {
        return s.keyId() != null || s.project() != null;
    }

    /** What the download writes: the file name, then the CSV of the shown range. */
    Shown shown() {
        return shown;
    }

    private void writeCsv(DownloadEvent event) throws IOException {
        Shown s = shown;
        event.setFileName("usage-" + s.from() + "-to-" + s.to() + ".csv");
        event.setContentType("text/csv; charset=UTF-8");
        byte[] bytes = reports.csv(s.from(), s.to(), s.keyId(), s.project()).getBytes(StandardCharsets.UTF_8);
        event.setContentLength(bytes.length);
        event.getOutputStream().write(bytes);
    }
}
