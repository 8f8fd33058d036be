package dev.vlmconsole.billing.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The workspace's invoices on the machine API, for admin keys whose owner's role holds
 * {@code billing.read}: the list (newest first), one invoice (number, period, lines, total, status)
 * and its PDF. Another workspace's invoice is not found ({@code 404}), exactly as an unknown id.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class InvoicesApiController {

    private final Invoices invoices;
    private final ConsoleContext context;

    public InvoicesApiController(Invoices invoices, ConsoleContext context) {
        this.invoices = invoices;
        this.context = context;
    }

    /** The days an invoice covers, both inclusive. */
    public record PeriodView(LocalDate start, LocalDate end) {}

    /** One line: quantity (credits, or 1) × unit price = amount. */
    public record LineView(
            String description,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal quantity,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money unitPrice,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money amount) {
        static LineView of(Invoices.Line l) {
            return new LineView(l.description(), l.quantity(), l.unitPrice(), l.amount());
        }
    }

    /**
     * An invoice: {@code kind} is {@code cycle}, {@code top_up} or {@code credit_note}; {@code status}
     * {@code open}, {@code paid} or {@code nothing_due}; {@code taxRate} in percent.
     */
    public record InvoiceView(
            UUID id,
            String number,
            String kind,
            PeriodView period,
            Instant issuedAt,
            @Nullable LocalDate dueDate,
            List<String> billedTo,
            List<LineView> lines,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money subtotal,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal taxRate,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money tax,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money total,

            String status,
            @Nullable Instant paidAt) {
        static InvoiceView of(Invoice i) {
            return new InvoiceView(
                    i.id(),
                    i.number(),
                    i.kind().name().toLowerCase(Locale.ROOT),
                    new PeriodView(i.periodStart(), i.periodEnd()),
                    i.issuedAt(),
                    i.dueDate(),
                    i.billedTo(),
                    i.lines().stream().map(LineView::of).toList(),
                    i.subtotal(),
                    i.taxRate(),
                    i.tax(),
                    i.total(),
                    i.status().name().toLowerCase(Locale.ROOT),
                    i.paidAt());
        }
    }

    @GetMapping("/invoices")
    public List<InvoiceView> list() {
        context.require(BillingModule.READ);
        return invoices.list().stream().map(InvoiceView::of).toList();
    }

    @GetMapping("/invoices/{id}")
    public InvoiceView get(@PathVariable UUID id) {
        context.require(BillingModule.READ);
        return InvoiceView.of(invoices.get(id));
    }

    /** The invoice as a PDF document, named after its number ({@code INV-2026-000001.pdf}). */
    @GetMapping(path = "/invoices/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    public ResponseEntity<byte[]> pdf(@PathVariable UUID id) {
        context.require(BillingModule.READ);
        Invoice invoice = invoices.get(id);
        byte[] document = invoices.pdf(id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(invoice.number() + ".pdf")
                                .build()
                                .toString())
                .body(document);
    }
}
