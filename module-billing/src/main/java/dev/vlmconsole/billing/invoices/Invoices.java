package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Invoices: issued at cycle close and for each top-up, numbered at issue in one gapless install-wide
 * sequence ({@code INV-2026-000001}), never changed once issued (a correction is a credit note, an
 * invoice of negative lines). Reads require {@code billing.read} in the invoice's workspace (another
 * workspace's invoice is not found); {@link #issue} checks nothing (callers do).
 */
public interface Invoices {

    /** What an invoice is for. */
    enum Kind {
        CYCLE,
        TOP_UP,
        CREDIT_NOTE
    }

    /** Where its payment stands. */
    enum Status {
        /** Issued, not paid yet (offline payment awaited, or a payment page pending). */
        OPEN,
        PAID,
        /** Nothing to pay (total zero). */
        NOTHING_DUE
    }

    /**
     * One line.
     *
     * @param description such as "Pro, 1–30 November 2026" or "Overage: 1,234.5 credits"
     * @param quantity    how many (credits, or 1)
     * @param unitPrice   price of one
     * @param amount      quantity × unit price, rounded to the currency's minor unit (half-even)
     */
    record Line(String description, BigDecimal quantity, Money unitPrice, Money amount) {}

    /**
     * What the billing module asks to issue.
     *
     * @param workspaceId who pays
     * @param kind        what for
     * @param periodStart first day covered
     * @param periodEnd   last day covered (inclusive)
     * @param lines       the lines, in order
     * @param reference   idempotency reference: issuing twice with it answers the first invoice
     *                    ({@code cycle:2026-11-01}, {@code top-up:<idempotency key>})
     */
    record Draft(
            UUID workspaceId,
            Kind kind,
            LocalDate periodStart,
            LocalDate periodEnd,
            List<Line> lines,
            String reference) {

        public Draft {
            Objects.requireNonNull(workspaceId, "workspaceId");
            lines = List.copyOf(lines);
        }
    }

    /**
     * An issued invoice.
     *
     * @param id          its id (in URLs)
     * @param number      its number, such as {@code INV-2026-000001}
     * @param workspaceId who pays
     * @param kind        what for
     * @param periodStart first day covered
     * @param periodEnd   last day covered
     * @param issuedAt    when issued
     * @param dueDate     the last day to pay, if any
     * @param billedTo    the billing profile as it was at issue (lines of name, address, tax id)
     * @param lines       the lines
     * @param subtotal    sum of the lines
     * @param taxRate     the workspace's tax rate at issue, in percent
     * @param tax         subtotal × rate, rounded
     * @param total       subtotal + tax
     * @param status      payment status
     * @param paidAt      when marked paid, if
     */
    record Invoice(
            UUID id,
            String number,
            UUID workspaceId,
            Kind kind,
            LocalDate periodStart,
            LocalDate periodEnd,
            Instant issuedAt,
            @Nullable LocalDate dueDate,
            List<String> billedTo,
            List<Line> lines,
            Money subtotal,
            BigDecimal taxRate,
            Money tax,
            Money total,
            Status status,
            @Nullable Instant paidAt) {}

    /** Issues {@code draft} now (numbering it) and starts its payment with the install's provider. */
    Invoice issue(Draft draft);

    /** The current workspace's invoices, newest first. */
    List<Invoice> list();

    /** One invoice of the current workspace. @throws java.util.NoSuchElementException otherwise */
    Invoice get(UUID invoiceId);

    /** The invoice as a PDF document. @throws java.util.NoSuchElementException as {@link #get} */
    byte[] pdf(UUID invoiceId);
}
