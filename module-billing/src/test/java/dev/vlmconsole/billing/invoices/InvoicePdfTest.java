package dev.vlmconsole.billing.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import dev.vlmconsole.billing.invoices.Invoices.Kind;
import dev.vlmconsole.billing.invoices.Invoices.Line;
import dev.vlmconsole.billing.invoices.Invoices.Status;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The invoice PDF read back with PDFBox: A4, number, lines, totals and payment state. */
class InvoicePdfTest {

    static final SellerProperties SELLER = new SellerProperties(
            "Example AI GmbH", "Hauptstrasse 1; 10115 Berlin; Germany", "DE123456789", "billing@example.test");

    final InvoicePdf pdf =
            new InvoicePdf(SELLER, () -> new FixedConsoleLinks("https://console.example.test"), ZoneOffset.UTC);

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    static Invoice invoice(Status status, List<Line> lines, String taxRate, @Nullable LocalDate due) {
        Money subtotal = lines.stream().map(Line::amount).reduce(usd("0"), Money::plus);
        Money tax = InvoiceLines.tax(subtotal, new BigDecimal(taxRate));
        return new Invoice(
                UUID.randomUUID(),
                "INV-2026-000042",
                UUID.randomUUID(),
                Kind.CYCLE,
                LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30),
                Instant.parse("2026-12-01T00:05:00Z"),
                due,
                List.of(
                        "Acme Research Ltd",
                        "1 Main St",
                        "Springfield 12345",
                        "Tax ID: GB 123 456 789",
                        "ap@acme.test"),
                lines,
                subtotal,
                new BigDecimal(taxRate),
                tax,
                subtotal.plus(tax),
                status,
                status == Status.PAID ? Instant.parse("2026-12-03T10:00:00Z") : null);
    }

    static List<Line> proLines() {
        return List.of(
                InvoiceLines.line("Pro, 1–30 November 2026", BigDecimal.ONE, usd("799")),
                InvoiceLines.line("Overage: 12,345.5 credits at 0.008", new BigDecimal("12345.5"), usd("0.008")),
                InvoiceLines.line("Top-up: 10,000 credits, which never expire", BigDecimal.ONE, usd("100")));
    }

    static String text(byte[] bytes) throws IOException {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    static void keep(String name, byte[] bytes) throws IOException {
        Path dir = Path.of("target", "invoice-samples");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

    @Test
    void an_open_invoice_shows_its_number_lines_totals_and_due_date() throws IOException {
        Invoice invoice = invoice(Status.OPEN, proLines(), "19", LocalDate.of(2026, 12, 31));
        byte[] bytes = pdf.render(invoice);
        keep("open.pdf", bytes);

        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDRectangle a4 = doc.getPage(0).getMediaBox();
            assertThat(a4.getWidth()).isEqualTo(PDRectangle.A4.getWidth(), offset(1f));
            assertThat(a4.getHeight()).isEqualTo(PDRectangle.A4.getHeight(), offset(1f));
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Invoice INV-2026-000042");
        }
        String text = text(bytes);
        // 799 + 98.764 → 98.76 + 100 = 997.76; 19 % = 189.5744 → 189.57; total 1,187.33
        assertThat(invoice.total()).isEqualTo(usd("1187.33"));
        assertThat(text)
                .contains("INVOICE", "INV-2026-000042", "Example AI GmbH", "DE123456789")
                .contains("Acme Research Ltd", "Tax ID: GB 123 456 789")
                .contains("Pro, 1–30 November 2026", "12,345.5", "0.008 USD", "98.76 USD")
                .contains("Subtotal", "997.76 USD")
                .contains("Tax (19 %)", "189.57 USD")
                .contains("Total", "1,187.33 USD")
                .contains("Due 31 December 2026")
                .contains("Period 1–30 November 2026", "Issued 1 December 2026");
    }

    @Test
    void a_paid_invoice_says_paid_and_a_long_one_repeats_its_table_header_on_each_page() throws IOException {
        List<Line> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(InvoiceLines.line(
                    "Adjustment " + i,
                    BigDecimal.ONE,
                    usd("1.005").times(BigDecimal.ONE).plus(usd("0")).minus(usd("0.005"))));
        }
        Invoice invoice = invoice(Status.PAID, many, "0", null);
        byte[] bytes = pdf.render(invoice);
        keep("paid-long.pdf", bytes);
        String text = text(bytes);
        assertThat(text).contains("Paid", "Paid on 3 December 2026", "60.00 USD", "Tax (0 %)");
        assertThat(text).doesNotContain("Due ");
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            PDFTextStripper lastPage = new PDFTextStripper();
            lastPage.setStartPage(doc.getNumberOfPages());
            lastPage.setEndPage(doc.getNumberOfPages());
            assertThat(lastPage.getText(doc))
                    .contains("DESCRIPTION", "Page " + doc.getNumberOfPages(), "INV-2026-000042");
        }
    }

    @Test
    void text_outside_the_standard_font_is_replaced_not_dropped() throws IOException {
        Invoice invoice = invoice(Status.NOTHING_DUE, List.of(), "0", null);
        Invoice renamed = new Invoice(
                invoice.id(),
                invoice.number(),
                invoice.workspaceId(),
                invoice.kind(),
                invoice.periodStart(),
                invoice.periodEnd(),
                invoice.issuedAt(),
                null,
                List.of("Ünïcödé Café", "株式会社"),
                List.of(),
                invoice.subtotal(),
                invoice.taxRate(),
                invoice.tax(),
                invoice.total(),
                Status.NOTHING_DUE,
                null);
        String text = text(pdf.render(renamed));
        assertThat(text).contains("Ünïcödé Café", "????", "Nothing due", "No charges in this period.");
    }
}
