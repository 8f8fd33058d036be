package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;

/** The workspace's invoices, newest first, each with its PDF. */
class InvoicesPanel extends Div {

    final Grid<Invoice> grid = new Grid<>();
    private final Invoices invoices;
    private final ZoneId zone;

    InvoicesPanel(Invoices invoices, ZoneId zone, LocalDate today) {
        this.invoices = invoices;
        this.zone = zone;
        addClassName("billing-invoices");
        grid.addComponentColumn(InvoicesPanel::numberCell)
                .setHeader("Number")
                .setKey("number")
                .setComparator(Comparator.comparing(Invoice::number))
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(i -> BillingText.period(i.periodStart(), i.periodEnd()))
                .setHeader("Period")
                .setKey("period")
                .setComparator(Comparator.comparing(Invoice::periodStart))
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(i -> BillingText.money(i.total()))
                .setHeader("Total")
                .setKey("total")
                .setComparator(Comparator.comparing(i -> i.total().amount()))
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setPartNameGenerator(i -> "billing-number");
        grid.addComponentColumn(i -> status(i, today))
                .setHeader("Status")
                .setKey("status")
                .setWidth("9rem")
                .setFlexGrow(0);
        grid.addColumn(i -> BillingText.ISO_DAY.format(i.issuedAt().atZone(zone)))
                .setHeader("Issued")
                .setKey("issued")
                .setComparator(Comparator.comparing(Invoice::issuedAt))
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(this::pdfLink)
                .setHeader("PDF")
                .setKey("pdf")
                .setWidth("6rem")
                .setFlexGrow(0);
        grid.setAllRowsVisible(true);
        grid.setMultiSort(false);
        grid.addClassName("billing-invoices-grid");
        grid.setEmptyStateComponent(new EmptyState(
                VaadinIcon.FILE_TEXT_O.create(),
                "No invoices yet",
                "An invoice is issued when a cycle closes and for each top-up; each one can be downloaded as PDF."));
        add(grid);
        refresh();
    }

    void refresh() {
        grid.setItems(invoices.list());
    }

    /** A link that downloads {@code invoice} as PDF; the PDF is made when it is clicked. */
    Anchor pdfLink(Invoice invoice) {
        Anchor link = new Anchor(pdf(invoice), "");
        link.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span("PDF"));
        link.getElement().setAttribute("download", true);
        link.getElement().setAttribute("aria-label", "Download " + invoice.number() + " as PDF");
        link.addClassName("billing-pdf-link");
        return link;
    }

    /** Streams the invoice's PDF; runs outside the session lock and reads only the invoice's id. */
    DownloadHandler pdf(Invoice invoice) {
        return event -> {
            byte[] bytes = invoices.pdf(invoice.id());
            event.setFileName(invoice.number() + ".pdf");
            event.setContentType("application/pdf");
            event.setContentLength(bytes.length);
            event.getOutputStream().write(bytes);
        };
    }

    private static Component numberCell(Invoice i) {
        Span number = new Span(i.number());
        number.addClassName("billing-mono");
        Div cell = new Div(number);
        cell.addClassName("billing-key-cell");
        String kind = switch (i.kind()) {
            case CYCLE -> null;
            case TOP_UP -> "Top-up";
            case CREDIT_NOTE -> "Credit note";
        };
        if (kind != null) {
            Span chip = new Span(kind);
            chip.addClassName("billing-chip");
            cell.add(chip);
        }
        return cell;
    }

    static Component status(Invoice i, LocalDate today) {
        return switch (i.status()) {
            case PAID -> new StatusBadge("Paid", StatusBadge.Tone.SUCCESS);
            case NOTHING_DUE -> new StatusBadge("Nothing due", StatusBadge.Tone.NEUTRAL);
            case OPEN -> {
                if (i.dueDate() == null) {
                    yield new StatusBadge("Open", StatusBadge.Tone.WARNING);
                }
                boolean overdue = i.dueDate().isBefore(today);
                yield new StatusBadge(
                        (overdue ? "Overdue " : "Due ") + BillingText.SHORT_DAY.format(i.dueDate()),
                        overdue ? StatusBadge.Tone.ERROR : StatusBadge.Tone.WARNING);
            }
        };
    }
}
