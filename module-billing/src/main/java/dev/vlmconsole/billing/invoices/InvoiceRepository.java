package dev.vlmconsole.billing.invoices;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_INVOICE;
import static dev.vlmconsole.billing.db.Tables.BILLING_INVOICE_COUNTER;
import static dev.vlmconsole.billing.db.Tables.BILLING_INVOICE_LINE;

import dev.vlmconsole.billing.db.tables.records.BillingInvoiceLineRecord;
import dev.vlmconsole.billing.db.tables.records.BillingInvoiceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The invoice tables ({@code billing_invoice}, {@code billing_invoice_line}) and the numbering counter
 * ({@code billing_invoice_counter}). Joins the caller's transaction; checks nothing.
 *
 * @see "DD023, docs/decisions/DD023-invoices-numbering-and-payment.md"
 */
public class InvoiceRepository {

    private final DSLContext db;

    public InvoiceRepository(DSLContext db) {
        this.db = db;
    }

    /**
     * Locks the workspace's billing account row (when it exists) and answers its tax rate in percent,
     * 0 without an account. Issuing takes this lock before the numbering counter's, as the ledger's
     * writers take the account first, so that the two never wait on each other in opposite orders.
     */
    BigDecimal lockAccountTaxRate(UUID workspaceId) {
        return db.select(BILLING_ACCOUNT.TAX_RATE)
                .from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .forUpdate()
                .fetchOptional(BILLING_ACCOUNT.TAX_RATE)
                .orElse(BigDecimal.ZERO);
    }

    /** Whether the workspace has a billing account row (the ledger opens it). */
    boolean hasAccount(UUID workspaceId) {
        return db.fetchExists(BILLING_ACCOUNT, BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId));
    }

    /** Sets the workspace's tax rate; false when it has no account row. */
    boolean setTaxRate(UUID workspaceId, BigDecimal percent, Instant now) {
        return db.update(BILLING_ACCOUNT)
                        .set(BILLING_ACCOUNT.TAX_RATE, percent)
                        .set(BILLING_ACCOUNT.UPDATED_AT, at(now))
                        .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                        .execute()
                == 1;
    }

    /** The workspace's tax rate without locking, 0 without an account. */
    BigDecimal taxRate(UUID workspaceId) {
        return db.select(BILLING_ACCOUNT.TAX_RATE)
                .from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(BILLING_ACCOUNT.TAX_RATE)
                .orElse(BigDecimal.ZERO);
    }

    /**
     * The next number of {@code year}'s sequence: locks the year's counter row until the calling
     * transaction ends and increments it there, so a rolled-back issue gives its number back. The row
     * is created on the year's first issue; when two first issues race, one insert is ignored (or, on
     * H2, refused and ignored here) and both then queue on the row lock.
     */
    long nextNumber(int year) {
        if (!db.fetchExists(BILLING_INVOICE_COUNTER, BILLING_INVOICE_COUNTER.INVOICE_YEAR.eq(year))) {
            try {
                db.insertInto(BILLING_INVOICE_COUNTER)
                        .set(BILLING_INVOICE_COUNTER.INVOICE_YEAR, year)
                        .set(BILLING_INVOICE_COUNTER.LAST_NUMBER, 0L)
                        .onDuplicateKeyIgnore()
                        .execute();
            } catch (RuntimeException raced) {
                // H2 may refuse the second of two concurrent first inserts; the row exists then.
                if (!db.fetchExists(BILLING_INVOICE_COUNTER, BILLING_INVOICE_COUNTER.INVOICE_YEAR.eq(year))) {
                    throw raced;
                }
            }
        }
        long last = db.select(BILLING_INVOICE_COUNTER.LAST_NUMBER)
                .from(BILLING_INVOICE_COUNTER)
                .where(BILLING_INVOICE_COUNTER.INVOICE_YEAR.eq(year))
                .forUpdate()
                .fetchSingle(BILLING_INVOICE_COUNTER.LAST_NUMBER);
        db.update(BILLING_INVOICE_COUNTER)
                .set(BILLING_INVOICE_COUNTER.LAST_NUMBER, last + 1)
                .where(BILLING_INVOICE_COUNTER.INVOICE_YEAR.eq(year))
                .execute();
        return last + 1;
    }

    void insert(BillingInvoiceRecord invoice, List<BillingInvoiceLineRecord> lines) {
        db.executeInsert(invoice);
        if (!lines.isEmpty()) {
            db.batchInsert(lines).execute();
        }
    }

    Optional<BillingInvoiceRecord> byReference(UUID workspaceId, String reference) {
        return db.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.WORKSPACE_ID.eq(workspaceId))
                .and(BILLING_INVOICE.REFERENCE.eq(reference))
                .fetchOptional();
    }

    Optional<BillingInvoiceRecord> byNumber(String number) {
        return db.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.NUMBER.eq(number))
                .fetchOptional();
    }

    Optional<BillingInvoiceRecord> byNumberForUpdate(String number) {
        return db.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.NUMBER.eq(number))
                .forUpdate()
                .fetchOptional();
    }

    Optional<BillingInvoiceRecord> byId(UUID id) {
        return db.selectFrom(BILLING_INVOICE).where(BILLING_INVOICE.ID.eq(id)).fetchOptional();
    }

    Optional<BillingInvoiceRecord> byIdForUpdate(UUID id) {
        return db.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.ID.eq(id))
                .forUpdate()
                .fetchOptional();
    }

    /** The workspace's invoices, newest first. */
    List<BillingInvoiceRecord> ofWorkspace(UUID workspaceId, int limit) {
        return db.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.WORKSPACE_ID.eq(workspaceId))
                .orderBy(BILLING_INVOICE.ISSUED_AT.desc(), BILLING_INVOICE.NUMBER.desc())
                .limit(limit)
                .fetch();
    }

    /** Invoices of every workspace in {@code status}, oldest first (for operators). */
    List<BillingInvoiceRecord> withStatus(String status, int limit) {
        return db.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.STATUS.eq(status))
                .orderBy(BILLING_INVOICE.ISSUED_AT.asc(), BILLING_INVOICE.NUMBER.asc())
                .limit(limit)
                .fetch();
    }

    /** The lines of each invoice, in order. */
    Map<UUID, List<BillingInvoiceLineRecord>> lines(List<UUID> invoiceIds) {
        if (invoiceIds.isEmpty()) {
            return Map.of();
        }
        return db
                .selectFrom(BILLING_INVOICE_LINE)
                .where(BILLING_INVOICE_LINE.INVOICE_ID.in(invoiceIds))
                .orderBy(BILLING_INVOICE_LINE.INVOICE_ID, BILLING_INVOICE_LINE.LINE_NO)
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(BillingInvoiceLineRecord::getInvoiceId));
    }

    /** Records where the payment stands after the provider answered. */
    void setPayment(
            UUID id,
            String providerId,
            String providerReference,
            @Nullable String paymentPage,
            @Nullable LocalDate dueDate) {
        db.update(BILLING_INVOICE)
                .set(BILLING_INVOICE.PAYMENT_PROVIDER, providerId)
                .set(BILLING_INVOICE.PAYMENT_REFERENCE, providerReference)
                .set(BILLING_INVOICE.PAYMENT_PAGE, paymentPage)
                .set(BILLING_INVOICE.DUE_DATE, dueDate)
                .where(BILLING_INVOICE.ID.eq(id))
                .execute();
    }

    /** Marks an open invoice paid; false when it was not open. */
    boolean markPaid(UUID id, Instant at, String by, @Nullable String note, @Nullable String providerReference) {
        var update = db.update(BILLING_INVOICE)
                .set(BILLING_INVOICE.STATUS, Invoices.Status.PAID.name())
                .set(BILLING_INVOICE.PAID_AT, at(at))
                .set(BILLING_INVOICE.PAID_BY, by)
                .set(BILLING_INVOICE.PAID_NOTE, note);
        if (providerReference != null) {
            update = update.set(BILLING_INVOICE.PAYMENT_REFERENCE, providerReference);
        }
        return update.where(BILLING_INVOICE.ID.eq(id))
                        .and(BILLING_INVOICE.STATUS.eq(Invoices.Status.OPEN.name()))
                        .execute()
                == 1;
    }

    void markPaymentFailed(UUID id, Instant at) {
        db.update(BILLING_INVOICE)
                .set(BILLING_INVOICE.PAYMENT_FAILED_AT, at(at))
                .where(BILLING_INVOICE.ID.eq(id))
                .execute();
    }

    /** Marks what the invoice buys as granted; false when it was already. */
    boolean markGranted(UUID id, Instant at) {
        return db.update(BILLING_INVOICE)
                        .set(BILLING_INVOICE.CREDITS_GRANTED_AT, at(at))
                        .where(BILLING_INVOICE.ID.eq(id))
                        .and(BILLING_INVOICE.CREDITS_GRANTED_AT.isNull())
                        .execute()
                == 1;
    }

    /** Every number issued in {@code year}, ascending (for checks of the sequence). */
    List<String> numbersOf(int year) {
        return db.select(BILLING_INVOICE.NUMBER)
                .from(BILLING_INVOICE)
                .where(BILLING_INVOICE.NUMBER.like(InvoiceNumbers.prefix(year) + "%"))
                .orderBy(BILLING_INVOICE.NUMBER)
                .fetch(BILLING_INVOICE.NUMBER);
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
