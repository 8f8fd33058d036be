package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.AuditTarget;
import java.util.UUID;

/** Audit actions and target types of invoices, top-ups, profiles and sales requests. */
public final class InvoiceAudit {

    /** An invoice; id is its UUID, label its number. */
    public static final String INVOICE = "billing.invoice";
    /** A workspace's billing profile; id is the workspace id. */
    public static final String PROFILE = "billing.profile";
    /** A "Contact sales" request. */
    public static final String SALES_REQUEST = "billing.sales_request";

    public static final String ISSUED = "billing.invoice.issued";
    public static final String PAID = "billing.invoice.paid";
    public static final String MARKED_PAID = "billing.invoice.marked_paid";
    public static final String PAYMENT_FAILED = "billing.invoice.payment_failed";
    public static final String TOP_UP_BOUGHT = "billing.top_up.bought";
    public static final String CREDITS_GRANTED = "billing.top_up.credits_granted";
    public static final String PROFILE_SAVED = "billing.profile.saved";
    public static final String TAX_RATE_SET = "billing.tax_rate.set";
    public static final String SALES_REQUESTED = "billing.sales_request.created";
    public static final String SALES_HANDLED = "billing.sales_request.handled";

    private InvoiceAudit() {}

    static AuditTarget invoice(UUID id, String number) {
        return AuditTarget.of(INVOICE, id, number);
    }
}
